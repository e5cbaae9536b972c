package io.sealedsession.tests.redis.redisson;

import static io.sealedsession.tests.redis.redisson.Support.commandsDuring;
import static io.sealedsession.tests.redis.redisson.Support.principalKey;
import static io.sealedsession.tests.redis.redisson.Support.sealed;
import static io.sealedsession.tests.redis.redisson.Support.sessionKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedsession.core.SessionKey;
import io.sealedsession.core.SessionStoreUnavailableException;
import io.sealedsession.core.port.PrincipalKey;
import io.sealedsession.redis.RedisSessionStore;
import io.sealedsession.redis.RedisSessionStores;
import io.sealedsession.redis.RedisStoreConfig;
import io.sealedsession.redis.ScriptingMode;
import io.sealedsession.tests.redis.RedisServer;
import io.sealedsession.tests.redis.RespConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What each store operation costs in Redis commands on Redisson, read from {@code INFO
 * commandstats} before and after: Redisson adds none of its own (no script cache, no resend).
 * Redis counts the commands a Lua script runs as well; those run inside the server and are not
 * round trips, so each expectation says which commands came from the client.
 */
class RedissonRoundTripCountTest {

    private static final Duration IDLE = Duration.ofMinutes(30);

    private static RedisServer server;
    private static RespConnection raw;

    private final SessionKey key = sessionKey();
    private final PrincipalKey principal = principalKey();
    private final Instant now = Instant.now();

    @BeforeAll
    static void startRedis() {
        Support.quietLogs();
        server = RedisServer.startDefault();
        raw = RespConnection.to(server);
    }

    @AfterAll
    static void stopRedis() {
        raw.close();
        server.close();
    }

    @BeforeEach
    void emptyServer() {
        raw.call("FLUSHALL");
        raw.call("SCRIPT", "FLUSH");
    }

    private static RedisStoreConfig.Builder config() {
        return RedisStoreConfig.custom().uri(server.uri()).client("redisson");
    }

    @Test
    @DisplayName("with scripts: load 1 (GETEX), replace 1 (EVALSHA), create 1, delete 1, index 1, list 1")
    void scriptsMode() {
        try (RedisSessionStore store = RedisSessionStores.open(config().build())) {
            assertThat(commandsDuring(raw, () -> store.create(key, sealed(100), IDLE))).isEqualTo(Map.of("set", 1L));

            // First replace of this store: the script is loaded once (one master: one SCRIPT LOAD).
            assertThat(commandsDuring(raw, () -> store.replace(key, 1, sealed(100), IDLE)))
                    .isEqualTo(Map.of("script|load", 1L, "evalsha", 1L, "get", 1L, "set", 1L));

            assertThat(commandsDuring(raw, () -> store.load(key, IDLE))).isEqualTo(Map.of("getex", 1L));
            assertThat(commandsDuring(raw, () -> store.load(key, null))).isEqualTo(Map.of("get", 1L));
            // One round trip (EVALSHA); GET and SET ran inside the script.
            assertThat(commandsDuring(raw, () -> store.replace(key, 2, sealed(100), IDLE)))
                    .isEqualTo(Map.of("evalsha", 1L, "get", 1L, "set", 1L));
            // A conflict returns the current record in the same round trip.
            assertThat(commandsDuring(raw, () -> store.replace(key, 1, sealed(100), IDLE)))
                    .isEqualTo(Map.of("evalsha", 1L, "get", 1L));
            assertThat(commandsDuring(raw, () -> store.expire(key, IDLE))).isEqualTo(Map.of("pexpire", 1L));

            store.index(principal, key, now.plusSeconds(60), now); // loads the index script
            assertThat(commandsDuring(raw, () -> store.index(principal, key, now.plusSeconds(60), now)))
                    .isEqualTo(Map.of("evalsha", 1L, "zadd", 1L, "zremrangebyscore", 1L, "zrange", 1L, "pexpire", 1L));
            assertThat(commandsDuring(raw, () -> store.indexed(principal, now))).isEqualTo(Map.of("zrangebyscore", 1L));

            store.unindex(principal, List.of(), now); // loads the unindex script
            assertThat(commandsDuring(raw, () -> store.unindex(principal, List.of(key), now)))
                    .isEqualTo(Map.of("evalsha", 1L, "zrem", 1L, "zremrangebyscore", 1L, "zrange", 1L));

            assertThat(commandsDuring(raw, () -> store.delete(key))).isEqualTo(Map.of("unlink", 1L));
        }
    }

    @Test
    @DisplayName("without scripts: replace is one SET XX; index writes are up to 5 commands")
    void noScriptingMode() {
        try (RedisSessionStore store = RedisSessionStores.open(config().scripting(ScriptingMode.NONE).build())) {
            store.create(key, sealed(100), IDLE);

            assertThat(commandsDuring(raw, () -> store.load(key, IDLE))).isEqualTo(Map.of("getex", 1L));
            assertThat(commandsDuring(raw, () -> store.replace(key, 1, sealed(100), IDLE))).isEqualTo(Map.of("set", 1L));
            assertThat(commandsDuring(raw, () -> store.index(principal, key, now.plusSeconds(60), now)))
                    .isEqualTo(Map.of("zadd", 1L, "zremrangebyscore", 1L, "zrangebyscore", 1L, "pexpire", 2L));
            assertThat(commandsDuring(raw, () -> store.unindex(principal, List.of(key), now)))
                    .isEqualTo(Map.of("zrem", 1L, "zremrangebyscore", 1L, "zrangebyscore", 1L));
        }
    }

    @Test
    @DisplayName("a reply that comes too late fails the call and is not answered by a resend: SET NX ran exactly once")
    void lateReplyNotResent() throws InterruptedException {
        try (RedisSessionStore store = RedisSessionStores.open(config().commandTimeout(Duration.ofMillis(300)).build());
                RespConnection admin = RespConnection.to(server)) {
            store.load(sessionKey(), null); // a connection is open and used
            Map<String, Long> before = Support.commandStat(raw, "calls");

            // Redis holds every client's commands, this one's included, for 1.5 s: five times the
            // timeout, time enough for Redisson's default of 4 resends.
            admin.call("CLIENT", "PAUSE", "1500", "ALL");
            assertThatThrownBy(() -> store.create(key, sealed(100), IDLE))
                    .isInstanceOf(SessionStoreUnavailableException.class)
                    .hasMessageContaining("did not answer SET in time");
            Thread.sleep(1800);

            Map<String, Long> after = Support.commandStat(raw, "calls");
            assertThat(after.getOrDefault("set", 0L) - before.getOrDefault("set", 0L)).isEqualTo(1);
            // The one SET did write: the session exists, and its creator was told "unavailable", not "taken".
            assertThat(raw.callLong("EXISTS", Support.recordKey("ss", key))).isEqualTo(1);
        }
    }
}

package io.sealedsession.tests.redis;

import static io.sealedsession.tests.redis.TestData.principalKey;
import static io.sealedsession.tests.redis.TestData.sealed;
import static io.sealedsession.tests.redis.TestData.sessionKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedsession.core.SessionKey;
import io.sealedsession.core.SessionStoreUnavailableException;
import io.sealedsession.core.port.PrincipalKey;
import io.sealedsession.redis.RedisSessionStore;
import io.sealedsession.redis.RedisSessionStores;
import io.sealedsession.redis.RedisStoreConfig;
import io.sealedsession.redis.ScriptingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

/**
 * What each store operation costs in Redis commands, read from {@code INFO commandstats} before and
 * after. Redis counts the commands a Lua script runs as well; those run inside the server and are
 * not round trips, so each expectation says which commands came from the client. It runs on every
 * client on the class path; the counts are the same for every client, and no client resends a
 * command whose reply came too late.
 */
@OnEveryClient
class RoundTripCountTest {

    private static final Duration IDLE = Duration.ofMinutes(30);

    private static RedisServer server;
    private static RawRedis raw;

    private RedisSessionStore store;
    private final SessionKey key = sessionKey();
    private final PrincipalKey principal = principalKey();
    private final Instant now = Instant.now();

    /** The provider name, such as {@code "lettuce"}. */
    @Parameter
    String client;

    /** Whether a command whose reply came too late still runs ({@link ClientTraits#lateCommandStillRuns()}). */
    private boolean lateCommandStillRuns() {
        return ClientTraits.of(client).lateCommandStillRuns();
    }

    @BeforeAll
    static void startRedis() {
        TestData.quietLogs();
        server = RedisServer.startDefault();
        raw = new RawRedis(server);
    }

    @AfterAll
    static void stopRedis() {
        raw.close();
        server.close();
    }

    @BeforeEach
    void freshStore() {
        raw.flushAll();
        raw.scriptFlush();
    }

    @Test
    @DisplayName("with scripts: load 1 (EVALSHA), replace 1 (EVALSHA), create 1, delete 1, index 1, list 1")
    void scriptsMode() {
        try (RedisSessionStore s = RedisSessionStores.open(RedisStoreConfig.custom().uri(server.uri()).client(client).build())) {
            store = s;
            assertThat(raw.commandsDuring(() -> store.create(key, sealed(100), IDLE))).isEqualTo(Map.of("set", 1L));

            // First replace of this store: the script is loaded once.
            assertThat(raw.commandsDuring(() -> store.replace(key, 1, sealed(100), IDLE)))
                    .isEqualTo(Map.of("script|load", 1L, "evalsha", 1L, "get", 1L, "set", 1L));

            // First read: its script is loaded once; then one EVALSHA, STRLEN and GETEX inside it.
            assertThat(raw.commandsDuring(() -> store.load(key, IDLE)))
                    .isEqualTo(Map.of("script|load", 1L, "evalsha", 1L, "strlen", 1L, "getex", 1L));
            assertThat(raw.commandsDuring(() -> store.load(key, IDLE))).isEqualTo(Map.of("evalsha", 1L, "strlen", 1L, "getex", 1L));
            assertThat(raw.commandsDuring(() -> store.load(key, null))).isEqualTo(Map.of("evalsha", 1L, "strlen", 1L, "get", 1L));
            // One round trip (EVALSHA); GET and SET ran inside the script.
            assertThat(raw.commandsDuring(() -> store.replace(key, 2, sealed(100), IDLE)))
                    .isEqualTo(Map.of("evalsha", 1L, "get", 1L, "set", 1L));
            // A conflict returns the current record in the same round trip.
            assertThat(raw.commandsDuring(() -> store.replace(key, 1, sealed(100), IDLE)))
                    .isEqualTo(Map.of("evalsha", 1L, "get", 1L));
            assertThat(raw.commandsDuring(() -> store.expire(key, IDLE))).isEqualTo(Map.of("pexpire", 1L));

            store.index(principal, key, now.plusSeconds(60), now); // loads the index script
            assertThat(raw.commandsDuring(() -> store.index(principal, key, now.plusSeconds(60), now)))
                    .isEqualTo(Map.of("evalsha", 1L, "zadd", 1L, "zremrangebyscore", 1L, "zrange", 1L, "pexpire", 1L));
            assertThat(raw.commandsDuring(() -> store.indexed(principal, now))).isEqualTo(Map.of("zrangebyscore", 1L));

            store.unindex(principal, List.of(), now); // loads the unindex script
            assertThat(raw.commandsDuring(() -> store.unindex(principal, List.of(key), now)))
                    .isEqualTo(Map.of("evalsha", 1L, "zrem", 1L, "zremrangebyscore", 1L, "zrange", 1L));

            assertThat(raw.commandsDuring(() -> store.delete(key))).isEqualTo(Map.of("unlink", 1L));
        }
    }

    @Test
    @DisplayName("without scripts: replace is one SET XX; index writes are up to 5 commands")
    void noScriptingMode() {
        try (RedisSessionStore s = RedisSessionStores.open(
                RedisStoreConfig.custom().uri(server.uri()).client(client).scripting(ScriptingMode.NONE).build())) {
            store = s;
            store.create(key, sealed(100), IDLE);

            assertThat(raw.commandsDuring(() -> store.load(key, IDLE))).isEqualTo(Map.of("getex", 1L));
            assertThat(raw.commandsDuring(() -> store.replace(key, 1, sealed(100), IDLE))).isEqualTo(Map.of("set", 1L));
            assertThat(raw.commandsDuring(() -> store.index(principal, key, now.plusSeconds(60), now)))
                    .isEqualTo(Map.of("zadd", 1L, "zremrangebyscore", 1L, "zrangebyscore", 1L, "pexpire", 2L));
            assertThat(raw.commandsDuring(() -> store.unindex(principal, List.of(key), now)))
                    .isEqualTo(Map.of("zrem", 1L, "zremrangebyscore", 1L, "zrangebyscore", 1L));
        }
    }

    @Test
    @DisplayName("a reply that comes too late fails the call and is not answered by a resend: SET NX runs once or, on a closed connection, not at all")
    void lateReplyNotResent() throws InterruptedException {
        try (RedisSessionStore s = RedisSessionStores.open(RedisStoreConfig.custom().uri(server.uri()).client(client)
                        .commandTimeout(Duration.ofMillis(300)).build());
                RespConnection admin = RespConnection.to(server)) {
            store = s;
            store.load(sessionKey(), null); // a connection is open and used
            long setsBefore = raw.commandCalls().getOrDefault("set", 0L);

            // Redis holds every client's commands, this one's included, for 1.5 s: five times the
            // timeout, time enough for a client that resends after a timeout (Redisson's default
            // is 4 resends) to send the SET again.
            admin.call("CLIENT", "PAUSE", "1500", "ALL");
            assertThatThrownBy(() -> store.create(key, sealed(100), IDLE))
                    .isInstanceOf(SessionStoreUnavailableException.class)
                    .hasMessageContaining("did not answer SET in time");
            Thread.sleep(1800);

            assertThat(raw.commandCalls().getOrDefault("set", 0L) - setsBefore).isEqualTo(lateCommandStillRuns() ? 1 : 0);
            // Where the one SET ran it did write: the session exists, and its creator was told
            // "unavailable", not "taken". Where it did not, there is no session.
            assertThat(raw.exists(TestData.recordKey("ss", key))).isEqualTo(lateCommandStillRuns());
        }
    }
}

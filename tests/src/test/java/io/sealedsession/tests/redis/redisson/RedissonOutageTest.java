package io.sealedsession.tests.redis.redisson;

import static io.sealedsession.tests.redis.redisson.Support.principalKey;
import static io.sealedsession.tests.redis.redisson.Support.sealed;
import static io.sealedsession.tests.redis.redisson.Support.sessionKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedsession.core.SessionKey;
import io.sealedsession.core.SessionStoreUnavailableException;
import io.sealedsession.core.port.ReplaceResult;
import io.sealedsession.redis.RedisSessionStore;
import io.sealedsession.redis.RedisSessionStores;
import io.sealedsession.redis.RedisStoreConfig;
import io.sealedsession.tests.redis.RedisServer;
import io.sealedsession.tests.redis.RespConnection;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Redis going away and coming back, under one Redisson-backed store that is never rebuilt. */
class RedissonOutageTest {

    private static final Duration TIMEOUT = Duration.ofMillis(1500);
    private static final Duration IDLE = Duration.ofMinutes(30);

    private RedisServer server;
    private RedisSessionStore store;

    @BeforeEach
    void start() {
        Support.quietLogs();
        server = RedisServer.startDefault();
        store = RedisSessionStores.open(RedisStoreConfig.custom().uri(server.uri()).client("redisson")
                .commandTimeout(TIMEOUT).build());
    }

    @AfterEach
    void stop() {
        store.close();
        server.close();
    }

    @Test
    @DisplayName("Redis stopped: every operation fails with SessionStoreUnavailableException within the command timeout")
    void stoppedRedisIsUnavailable() {
        SessionKey key = sessionKey();
        store.create(key, sealed(10), IDLE);
        store.replace(key, 1, sealed(10), IDLE);
        server.stop();

        assertUnavailableWithinTimeout(() -> store.load(key, IDLE));
        assertUnavailableWithinTimeout(() -> store.replace(key, 2, sealed(10), IDLE));
        assertUnavailableWithinTimeout(() -> store.create(sessionKey(), sealed(10), IDLE));
        assertUnavailableWithinTimeout(() -> store.indexed(principalKey(), Instant.now()));
        assertUnavailableWithinTimeout(() -> store.delete(key));
    }

    @Test
    @DisplayName("Redis not answering (process stopped with SIGSTOP): the call ends within the command timeout")
    void frozenRedisTimesOut() throws Exception {
        SessionKey key = sessionKey();
        store.create(key, sealed(10), IDLE);
        long pid = pid();
        signal("STOP", pid);
        try {
            assertUnavailableWithinTimeout(() -> store.load(key, IDLE));
        } finally {
            signal("CONT", pid);
        }
        assertThat(store.load(key, IDLE)).isPresent();
    }

    @Test
    @DisplayName("Redis killed and restarted on the same port: the same store works again, scripts reloaded")
    void restartedRedisIsUsedAgain() {
        SessionKey before = sessionKey();
        store.create(before, sealed(10), IDLE);
        store.replace(before, 1, sealed(10), IDLE);
        server.kill();
        assertUnavailableWithinTimeout(() -> store.load(before, IDLE));

        server.start();

        // The restarted server is empty (no persistence) and has no scripts: both must be handled.
        assertThat(store.load(before, IDLE)).isEmpty();
        SessionKey after = sessionKey();
        assertThat(store.create(after, sealed(10), IDLE)).isTrue();
        assertThat(store.replace(after, 1, sealed(10), IDLE)).isEqualTo(ReplaceResult.replaced(2));
        try (RespConnection raw = RespConnection.to(server)) {
            assertThat(raw.callLong("EXISTS", Support.recordKey("ss", after))).isEqualTo(1);
        }
    }

    private void assertUnavailableWithinTimeout(Runnable operation) {
        long start = System.nanoTime();
        assertThatThrownBy(operation::run)
                .isInstanceOf(SessionStoreUnavailableException.class)
                .hasMessageContaining("127.0.0.1:" + server.port())
                .hasCauseInstanceOf(org.redisson.client.RedisException.class);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        // The timeout plus slack for a loaded 2-core machine; without a finite timeout this would hang.
        assertThat(took).isLessThan(TIMEOUT.plusSeconds(2));
    }

    private long pid() throws Exception {
        try (RespConnection raw = RespConnection.to(server)) {
            String info = new String((byte[]) raw.call("INFO", "server"), java.nio.charset.StandardCharsets.US_ASCII);
            for (String line : info.split("\r?\n")) {
                if (line.startsWith("process_id:")) {
                    return Long.parseLong(line.substring("process_id:".length()).trim());
                }
            }
        }
        throw new AssertionError("INFO server has no process_id");
    }

    private static void signal(String name, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }
}

package io.sealedsession.tests.redis;

import static io.sealedsession.tests.redis.TestData.principalKey;
import static io.sealedsession.tests.redis.TestData.sealed;
import static io.sealedsession.tests.redis.TestData.sessionKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedsession.core.SessionKey;
import io.sealedsession.core.SessionStoreUnavailableException;
import io.sealedsession.core.port.ReplaceResult;
import io.sealedsession.redis.RedisSessionStore;
import io.sealedsession.redis.RedisSessionStores;
import io.sealedsession.redis.RedisStoreConfig;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Redis going away and coming back, under one store that is never rebuilt. */
class RedisOutageTest {

    private static final Duration TIMEOUT = Duration.ofMillis(1500);
    private static final Duration IDLE = Duration.ofMinutes(30);

    private RedisServer server;
    private RedisSessionStore store;

    @BeforeEach
    void start() {
        TestData.quietLogs();
        server = RedisServer.startDefault();
        store = RedisSessionStores.open(RedisStoreConfig.custom().uri(server.uri()).client("lettuce").commandTimeout(TIMEOUT).build());
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
    }

    private void assertUnavailableWithinTimeout(Runnable operation) {
        long start = System.nanoTime();
        assertThatThrownBy(operation::run)
                .isInstanceOf(SessionStoreUnavailableException.class)
                .hasMessageContaining("127.0.0.1:" + server.port())
                .hasCauseInstanceOf(io.lettuce.core.RedisException.class);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        // The timeout plus slack for a loaded 2-core machine; without a finite timeout this would hang.
        assertThat(took).isLessThan(TIMEOUT.plusSeconds(2));
    }
}

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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

/**
 * Redis going away and coming back, under one store that is never rebuilt; on every client on the
 * class path, each with its own exceptions and connections ({@link ClientTraits}).
 */
@OnEveryClient
class RedisOutageTest {

    private static final Duration TIMEOUT = Duration.ofMillis(1500);
    private static final Duration IDLE = Duration.ofMinutes(30);
    private static final int CONCURRENT_CALLS = 6;

    private RedisServer server;
    private RedisSessionStore store;

    /** The provider name, such as {@code "lettuce"}. */
    @Parameter
    String client;

    /** The client library's exception type, which an unavailable error keeps as its cause. */
    private Class<? extends Throwable> clientException() {
        return ClientTraits.of(client).clientException();
    }

    /** How many connections the store holds once {@code calls} commands have run at the same time. */
    private int connectionsAfterConcurrentCalls(int calls) {
        return ClientTraits.of(client).sharesOneConnection() ? 1 : calls;
    }

    @BeforeEach
    void start() {
        TestData.quietLogs();
        server = RedisServer.startDefault();
        store = RedisSessionStores.open(RedisStoreConfig.custom().uri(server.uri()).client(client).commandTimeout(TIMEOUT).build());
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
    void frozenRedisTimesOut() {
        SessionKey key = sessionKey();
        store.create(key, sealed(10), IDLE);
        server.pause();
        try {
            assertUnavailableWithinTimeout(() -> store.load(key, IDLE));
        } finally {
            server.resume();
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
            assertThat(raw.callLong("EXISTS", TestData.recordKey("ss", after))).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("Redis killed and restarted while the store is idle: no connection it held fails an operation afterwards")
    void restartWhileIdleFailsNothing() throws Exception {
        SessionKey key = sessionKey();
        store.create(key, sealed(10), IDLE);
        int expected = connectionsAfterConcurrentCalls(CONCURRENT_CALLS);
        try (RespConnection admin = RespConnection.to(server)) {
            runConcurrently(admin, key);
            assertThat(RedisStats.clientCount(admin)).as("connections of the store, plus this one").isEqualTo(expected + 1);
        }

        server.kill();
        server.start();

        // One operation per connection the store held, one after another: each takes a pooled
        // connection (or the one connection) that the server closed when it died.
        for (int i = 0; i < expected + 1; i++) {
            SessionKey fresh = sessionKey();
            assertThat(store.create(fresh, sealed(10), IDLE)).isTrue();
            assertThat(store.load(fresh, IDLE)).isPresent();
        }
        assertThat(store.replace(key, 1, sealed(10), IDLE)).isEqualTo(ReplaceResult.missing());
    }

    @Test
    @DisplayName("Redis that does not answer: unavailable within the command timeout; once it answers, the store works")
    void unresponsiveRedisTimesOut() {
        SessionKey key = sessionKey();
        store.create(key, sealed(10), IDLE);
        try (RespConnection admin = RespConnection.to(server)) {
            // Writes wait while the pause lasts (GETEX writes: it sets the expiry); admin commands do not.
            admin.call("CLIENT", "PAUSE", "10000", "WRITE");
            try {
                long start = System.nanoTime();
                assertThatThrownBy(() -> store.load(key, IDLE))
                        .isInstanceOf(SessionStoreUnavailableException.class)
                        .hasMessageContaining("did not answer")
                        .hasCauseInstanceOf(clientException());
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertThat(took).isBetween(TIMEOUT.minusMillis(100), TIMEOUT.plusSeconds(2));
            } finally {
                admin.call("CLIENT", "UNPAUSE");
            }
        }
        assertThat(store.load(key, IDLE)).isPresent();
    }

    /** Several loads at once, held at the server until all have been sent, so that a pooled client opens a connection for each. */
    private void runConcurrently(RespConnection admin, SessionKey key) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(CONCURRENT_CALLS);
        try {
            admin.call("CLIENT", "PAUSE", "10000", "WRITE");
            List<Future<?>> loads = new ArrayList<>();
            try {
                for (int i = 0; i < CONCURRENT_CALLS; i++) {
                    loads.add(threads.submit(() -> store.load(key, IDLE)));
                }
                // Every call has its connection once the server counts them all (plus the admin's).
                RedisStats.awaitClientCount(admin, connectionsAfterConcurrentCalls(CONCURRENT_CALLS) + 1);
            } finally {
                admin.call("CLIENT", "UNPAUSE");
            }
            for (Future<?> load : loads) {
                load.get(10, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private void assertUnavailableWithinTimeout(Runnable operation) {
        long start = System.nanoTime();
        assertThatThrownBy(operation::run)
                .isInstanceOf(SessionStoreUnavailableException.class)
                .hasMessageContaining("127.0.0.1:" + server.port())
                .hasCauseInstanceOf(clientException());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        // The timeout plus slack for a loaded 2-core machine; without a finite timeout this would hang.
        assertThat(took).isLessThan(TIMEOUT.plusSeconds(2));
    }
}

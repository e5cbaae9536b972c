package io.sealedsession.tests.redis.redisson;

import static io.sealedsession.tests.redis.TestData.sealed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedsession.core.SessionStoreUnavailableException;
import io.sealedsession.redis.RedisStoreConfig;
import io.sealedsession.redisson.RedissonCommandExecutor;
import io.sealedsession.tests.redis.RedisServer;
import io.sealedsession.tests.redis.RespConnection;
import io.sealedsession.tests.redis.TestData;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The executor's own Redisson client: few threads while open, none and no connection left after close(). */
class RedissonLifecycleTest {

    private static RedisServer server;
    private static RespConnection raw;

    @BeforeAll
    static void startRedis() {
        TestData.quietLogs();
        server = RedisServer.startDefault();
        raw = RespConnection.to(server);
    }

    @AfterAll
    static void stopRedis() {
        raw.close();
        server.close();
    }

    @Test
    @DisplayName("close() ends every thread and connection the executor started; later calls fail as unavailable, unsent")
    void closeShutsDownCleanly() throws InterruptedException {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        long clientsBefore = connectedClients();

        RedissonCommandExecutor executor = RedissonCommandExecutor.connect(RedisStoreConfig.forUri(server.uri()));
        byte[] key = "lifecycle:s:{k}".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = 0; i < 50; i++) {
            executor.setIfAbsent(key, sealed(10), 60_000);
            executor.getex(key, 60_000);
        }
        Set<String> started = startedSince(before);
        // Workers (2), Netty I/O threads (as many as processors, at least 2), and Redisson's timer
        // and connection housekeeping: not Redisson's defaults of 16 workers and 32 I/O threads.
        assertThat(started).hasSizeLessThanOrEqualTo(2 + Math.max(2, Runtime.getRuntime().availableProcessors()) + 3);
        assertThat(connectedClients() - clientsBefore).isBetween(1L, 3L);

        executor.close();
        executor.close(); // idempotent

        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!startedSince(before).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(startedSince(before)).isEmpty();
        assertThat(connectedClients()).isEqualTo(clientsBefore);
        assertThatThrownBy(() -> executor.get(key))
                .isInstanceOf(SessionStoreUnavailableException.class)
                .hasMessageContaining("was closed; GET not sent");
    }

    @Test
    @DisplayName("Redis unreachable at start: connect fails as unavailable within the connect timeout and leaves no thread")
    void unreachableAtStart() throws InterruptedException {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        int closedPort;
        try (RedisServer gone = RedisServer.startDefault()) {
            closedPort = gone.port();
        }
        long start = System.nanoTime();
        assertThatThrownBy(() -> RedissonCommandExecutor.connect(RedisStoreConfig.custom()
                .uri("redis://127.0.0.1:" + closedPort).connectTimeout(Duration.ofSeconds(1)).build()))
                .isInstanceOf(SessionStoreUnavailableException.class)
                .hasMessageContaining("127.0.0.1:" + closedPort)
                .hasMessageContaining("cannot be reached");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));

        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!startedSince(before).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(startedSince(before)).isEmpty();
    }

    /** Names of live threads that did not exist in {@code before}, other than JUnit's and the JVM's. */
    private static Set<String> startedSince(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !before.contains(t))
                .map(Thread::getName)
                .filter(name -> !name.startsWith("Attach Listener") && !name.startsWith("process reaper"))
                .collect(Collectors.toSet());
    }

    private static long connectedClients() {
        String info = new String((byte[]) raw.call("INFO", "clients"), java.nio.charset.StandardCharsets.US_ASCII);
        return info.lines().filter(l -> l.startsWith("connected_clients:"))
                .mapToLong(l -> Long.parseLong(l.substring("connected_clients:".length()).trim())).findFirst().orElseThrow();
    }
}

package io.sealedsession.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedsession.core.SessionKey;
import io.sealedsession.core.SessionStoreUnavailableException;
import io.sealedsession.core.port.SessionStore;
import io.sealedsession.redis.RedisSessionStore;
import io.sealedsession.redis.RedisSessionStores;
import io.sealedsession.redis.RedisStoreConfig;
import io.sealedsession.tests.redis.RedisServer;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ObservedRedisOutageTest {

    private static final SessionKey KEY = new SessionKey("Q".repeat(43));
    private static final Duration TTL = Duration.ofMinutes(5);

    @Test
    @DisplayName("with redis-server killed, store calls count as outcome=unavailable, and as success once it is back")
    void killedRedisIsUnavailable() {
        try (RedisServer server = RedisServer.builder().start();
                Telemetry telemetry = new Telemetry();
                RedisSessionStore redis = RedisSessionStores.open(RedisStoreConfig.custom().client("lettuce")
                        .uri(server.uri()).namespace("obs").connectTimeout(Duration.ofSeconds(2))
                        .commandTimeout(Duration.ofSeconds(2)).build())) {
            SessionStore store = ObservedSessionStore.of(redis, telemetry.observations);
            assertThat(store.create(KEY, new byte[] {1, 2}, TTL)).isTrue();

            server.kill();
            assertThatThrownBy(() -> store.load(KEY, TTL)).isInstanceOf(SessionStoreUnavailableException.class);
            assertThatThrownBy(() -> store.create(KEY, new byte[] {3}, TTL)).isInstanceOf(SessionStoreUnavailableException.class);
            assertThat(telemetry.count("load", "unavailable")).isEqualTo(1);
            assertThat(telemetry.count("create", "unavailable")).isEqualTo(1);

            server.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                try {
                    store.load(KEY, TTL);
                    break;
                } catch (SessionStoreUnavailableException stillDown) {
                    assertThat(System.nanoTime()).as("the store comes back within 30 s").isLessThan(deadline);
                }
            }
            // Killed without persistence: the server came back empty, and the load says so.
            assertThat(telemetry.count("load", "miss")).isEqualTo(1);
        }
    }
}

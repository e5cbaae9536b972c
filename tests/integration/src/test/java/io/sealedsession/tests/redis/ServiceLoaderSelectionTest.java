package io.sealedsession.tests.redis;

import static io.sealedsession.tests.redis.TestData.sealed;
import static io.sealedsession.tests.redis.TestData.sessionKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedsession.core.SessionKey;
import io.sealedsession.redis.RedisSessionStore;
import io.sealedsession.redis.RedisSessionStores;
import io.sealedsession.redis.RedisStoreConfig;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Choosing the Redis client by jar and config value, through {@link java.util.ServiceLoader}. */
class ServiceLoaderSelectionTest {

    private static RedisServer server;

    @BeforeAll
    static void startRedis() {
        TestData.quietLogs();
        server = RedisServer.startDefault();
    }

    @AfterAll
    static void stopRedis() {
        server.close();
    }

    @Test
    @DisplayName("the three adapters register themselves as \"lettuce\", \"jedis\" and \"redisson\"")
    void allAreRegistered() {
        assertThat(RedisSessionStores.providerNames()).containsExactlyInAnyOrder("lettuce", "jedis", "redisson");
    }

    @Test
    @DisplayName("\"lettuce\" by name, in any case, opens a working Lettuce-backed store")
    void selectedByName() {
        try (RedisSessionStore store = RedisSessionStores.open(RedisStoreConfig.custom().uri(server.uri()).client("Lettuce").build())) {
            assertThat(store.toString()).contains("LettuceCommandExecutor");
            assertThat(store.create(sessionKey(), sealed(10), Duration.ofMinutes(1))).isTrue();
        }
    }

    @Test
    @DisplayName("\"jedis\" by name, with Lettuce on the class path too, opens a working Jedis-backed store")
    void jedisSelectedByName() {
        try (RedisSessionStore store = RedisSessionStores.open(RedisStoreConfig.custom().uri(server.uri()).client("jedis").build())) {
            assertThat(store.toString()).contains("JedisCommandExecutor").doesNotContain("Lettuce");
            SessionKey key = sessionKey();
            assertThat(store.create(key, sealed(10), Duration.ofMinutes(1))).isTrue();
            assertThat(store.load(key, Duration.ofMinutes(1))).isPresent();
        }
    }

    @Test
    @DisplayName("with no name and several providers on the class path, opening fails and says how to choose")
    void noNameWithTwoProvidersRefused() {
        assertThatThrownBy(() -> RedisSessionStores.open(RedisStoreConfig.forUri(server.uri())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("several Redis client providers")
                .hasMessageContaining("lettuce")
                .hasMessageContaining("jedis")
                .hasMessageContaining("client(name)");
    }

    @Test
    @DisplayName("\"redisson\" by name, with the others on the class path too, opens a working Redisson-backed store")
    void redissonSelectedByName() {
        try (RedisSessionStore store = RedisSessionStores.open(RedisStoreConfig.custom().uri(server.uri()).client("redisson").build())) {
            assertThat(store.toString()).contains("RedissonCommandExecutor").doesNotContain("Lettuce", "Jedis");
            SessionKey key = sessionKey();
            assertThat(store.create(key, sealed(10), Duration.ofMinutes(1))).isTrue();
            assertThat(store.load(key, Duration.ofMinutes(1))).isPresent();
        }
    }

    @Test
    @DisplayName("a provider that is not present is named in the error with the ones that are")
    void unknownProviderListsAvailable() {
        assertThatThrownBy(() -> RedisSessionStores.open(RedisStoreConfig.custom().uri(server.uri()).client("hiredis").build()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'hiredis'")
                .hasMessageContaining("lettuce")
                .hasMessageContaining("jedis")
                .hasMessageContaining("redisson");
    }
}

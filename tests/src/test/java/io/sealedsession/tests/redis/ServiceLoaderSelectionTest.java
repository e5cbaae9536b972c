package io.sealedsession.tests.redis;

import static io.sealedsession.tests.redis.TestData.sealed;
import static io.sealedsession.tests.redis.TestData.sessionKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    @DisplayName("the Lettuce adapter registers itself as \"lettuce\"")
    void lettuceIsRegistered() {
        assertThat(RedisSessionStores.providerNames()).containsExactly("lettuce");
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
    @DisplayName("with no name, the only provider on the class path is used")
    void onlyOneChosenWithoutName() {
        try (RedisSessionStore store = RedisSessionStores.open(RedisStoreConfig.forUri(server.uri()))) {
            assertThat(store.toString()).contains("LettuceCommandExecutor");
        }
    }

    @Test
    @DisplayName("a provider that is not present is named in the error with the ones that are")
    void unknownProviderListsAvailable() {
        assertThatThrownBy(() -> RedisSessionStores.open(RedisStoreConfig.custom().uri(server.uri()).client("jedis").build()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'jedis'")
                .hasMessageContaining("[lettuce]");
    }
}

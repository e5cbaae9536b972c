package io.sealedsession.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Provider selection with no adapter on the class path: session-redis alone. */
class RedisSessionStoresTest {

    @Test
    void openWhenNoProviderThenSaysWhichJarToAdd() {
        assertThat(RedisSessionStores.providerNames()).isEmpty();
        assertThatThrownBy(() -> RedisSessionStores.open(RedisStoreConfig.forUri("redis://localhost")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no Redis client provider")
                .hasMessageContaining("adapter-lettuce");
    }

    @Test
    void openWhenNamedProviderAbsentThenListsFound() {
        assertThatThrownBy(() -> RedisSessionStores.open(RedisStoreConfig.custom().uri("redis://localhost").client("jedis").build()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'jedis'")
                .hasMessageContaining("found none");
    }
}

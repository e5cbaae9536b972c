package io.sealedsession.tests.redis;

import static io.sealedsession.tests.redis.TestData.sealed;
import static io.sealedsession.tests.redis.TestData.sessionKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedsession.core.SessionKey;
import io.sealedsession.redis.RedisClientProvider;
import io.sealedsession.redis.RedisSessionStore;
import io.sealedsession.redis.RedisSessionStores;
import io.sealedsession.redis.RedisStoreConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Choosing the Redis client by jar and config value, through {@link java.util.ServiceLoader}. */
class ServiceLoaderSelectionTest {

    private static final String SERVICES = "META-INF/services/" + RedisClientProvider.class.getName();

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
    @DisplayName("the Lettuce and Redisson adapters register themselves as \"lettuce\" and \"redisson\"")
    void bothAdaptersAreRegistered() {
        assertThat(RedisSessionStores.providerNames()).containsExactlyInAnyOrder("lettuce", "redisson");
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
    @DisplayName("with several providers on the class path, \"redisson\" opens a working Redisson-backed store")
    void redissonSelectedByNameAmongSeveral() {
        try (RespConnection raw = RespConnection.to(server);
                RedisSessionStore store = RedisSessionStores.open(
                        RedisStoreConfig.custom().uri(server.uri()).client("redisson").namespace("chosen").build())) {
            SessionKey key = sessionKey();
            assertThat(store.toString()).contains("RedissonCommandExecutor");
            assertThat(store.create(key, sealed(10), Duration.ofMinutes(1))).isTrue();

            assertThat(raw.callLong("EXISTS", TestData.recordKey("chosen", key))).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("with several providers and no name, the error lists them and says how to choose")
    void severalWithoutNameRefused() {
        assertThatThrownBy(() -> RedisSessionStores.open(RedisStoreConfig.forUri(server.uri())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("several Redis client providers")
                .hasMessageContaining("lettuce")
                .hasMessageContaining("redisson")
                .hasMessageContaining("client(name)");
    }

    @Test
    @DisplayName("with no name, the only provider on the class path is used")
    void onlyOneChosenWithoutName() {
        RedisSessionStore store = withOnlyProvider("io.sealedsession.redisson.RedissonRedisClientProvider",
                () -> RedisSessionStores.open(RedisStoreConfig.forUri(server.uri())));
        try (store) {
            assertThat(store.toString()).contains("RedissonCommandExecutor");
        }
    }

    @Test
    @DisplayName("a provider that is not present is named in the error with the ones that are")
    void unknownProviderListsAvailable() {
        assertThatThrownBy(() -> RedisSessionStores.open(RedisStoreConfig.custom().uri(server.uri()).client("jedis").build()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'jedis'")
                .hasMessageContaining("lettuce")
                .hasMessageContaining("redisson");
    }

    /**
     * Runs {@code action} with a context class loader that shows only the services file naming
     * {@code provider}, as if that adapter's jar were the only one on the class path.
     */
    private static <T> T withOnlyProvider(String provider, Supplier<T> action) {
        Thread thread = Thread.currentThread();
        ClassLoader original = thread.getContextClassLoader();
        thread.setContextClassLoader(new ClassLoader(original) {
            @Override
            public Enumeration<URL> getResources(String name) throws IOException {
                Enumeration<URL> all = super.getResources(name);
                if (!name.equals(SERVICES)) {
                    return all;
                }
                List<URL> kept = new ArrayList<>();
                for (URL url : Collections.list(all)) {
                    if (names(url).contains(provider)) {
                        kept.add(url);
                    }
                }
                return Collections.enumeration(kept);
            }
        });
        try {
            return action.get();
        } finally {
            thread.setContextClassLoader(original);
        }
    }

    private static String names(URL url) {
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

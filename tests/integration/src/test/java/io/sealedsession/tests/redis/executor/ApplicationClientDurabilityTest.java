package io.sealedsession.tests.redis.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.sealedsession.core.SessionKey;
import io.sealedsession.jedis.JedisCommandExecutor;
import io.sealedsession.lettuce.LettuceCommandExecutor;
import io.sealedsession.redis.RedisCommandExecutor;
import io.sealedsession.redis.RedisDurabilityException;
import io.sealedsession.redis.RedisSessionStore;
import io.sealedsession.redis.spi.Durability;
import io.sealedsession.redisson.RedissonCommandExecutor;
import io.sealedsession.tests.redis.RedisServer;
import io.sealedsession.tests.redis.RedisSetup;
import io.sealedsession.tests.redis.RespConnection;
import io.sealedsession.tests.redis.TestData;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import redis.clients.jedis.RedisClient;

/**
 * Durability on executors made by {@code using(...)} over an application's own client: decided
 * when the store is built, with nothing kept per thread. Lettuce (one shared connection) and
 * Redisson (a batch) keep a write and its WAIT on one connection; an application's pooled Jedis
 * client cannot, and says so.
 */
@DisplayName("durability on an application's own client")
class ApplicationClientDurabilityTest {

    private static final Duration IDLE = Duration.ofMinutes(5);

    private static long waits(RedisServer server) {
        try (RespConnection admin = RedisSetup.CLUSTER.cluster().admin(server)) {
            String stats = admin.info("commandstats").getOrDefault("cmdstat_wait", "calls=0");
            return Long.parseLong(stats.replaceAll("^calls=(\\d+).*$", "$1"));
        }
    }

    /** A store on {@code executor} that waits for 1, then one that waits for 2 replicas (the Cluster has 1 per master). */
    private static void provesDurability(RedisCommandExecutor executor) {
        SessionKey key = TestData.sessionKey();
        RedisServer master = RedisSetup.CLUSTER.cluster().masterForKey("app:s:{" + key.value() + "}");
        long before = waits(master);
        RedisSessionStore one = RedisSessionStore.builder(executor).namespace("app").waitForReplicas(1, Duration.ofMillis(500)).build();
        assertThat(one.create(key, TestData.sealed(10), IDLE)).isTrue();
        assertThat(waits(master) - before).as("a WAIT on the write's master").isEqualTo(1);

        RedisSessionStore two = RedisSessionStore.builder(executor).namespace("app").waitForReplicas(2, Duration.ofMillis(100)).build();
        assertThatThrownBy(() -> two.delete(key))
                .isInstanceOf(RedisDurabilityException.class)
                .satisfies(e -> assertThat(((RedisDurabilityException) e).acknowledged()).isEqualTo(1));
        assertThat(one.load(key, null)).as("the delete applied all the same").isEmpty();
    }

    private static String seed() {
        RedisServer node = RedisSetup.CLUSTER.cluster().masters().get(0);
        return node.host() + ":" + node.port();
    }

    @Test
    @DisplayName("Lettuce: an executor on the application's Cluster connection waits once the store asks")
    void lettuce() {
        RedisClusterClient client = RedisClusterClient.create(RedisURI.create("redis://" + seed()));
        try (StatefulRedisClusterConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE)) {
            provesDurability(LettuceCommandExecutor.using(connection));
        } finally {
            client.shutdown();
        }
    }

    @Test
    @DisplayName("Redisson: an executor on the application's client waits once the store asks")
    void redisson() {
        Config config = new Config();
        config.useClusterServers().addNodeAddress("redis://" + seed());
        RedissonClient client = Redisson.create(config);
        try {
            provesDurability(RedissonCommandExecutor.using(client));
        } finally {
            client.shutdown();
        }
    }

    @Test
    @DisplayName("Jedis: an executor on the application's pooled client refuses durability rather than wait on the wrong connection")
    void jedis() {
        RedisServer server = RedisSetup.PLAIN.server();
        try (RedisClient client = RedisClient.create(server.host(), server.port())) {
            RedisCommandExecutor executor = JedisCommandExecutor.using(client);
            Consumer<Durability> build = d -> RedisSessionStore.builder(executor).waitForReplicas(d.replicas(),
                    Duration.ofMillis(d.timeoutMillis())).build();
            assertThatThrownBy(() -> build.accept(new Durability(1, 100)))
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("cannot wait for replicas");
            assertThat(executor.withDurability(Durability.NONE)).isSameAs(executor);
        }
    }
}

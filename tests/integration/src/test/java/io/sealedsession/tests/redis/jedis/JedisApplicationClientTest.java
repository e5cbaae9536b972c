package io.sealedsession.tests.redis.jedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedsession.core.SessionKey;
import io.sealedsession.jedis.JedisCommandExecutor;
import io.sealedsession.redis.RedisSessionStore;
import io.sealedsession.tests.redis.RedisServer;
import io.sealedsession.tests.redis.RespConnection;
import io.sealedsession.tests.redis.TestData;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;

/** Stores built on the application's own Jedis client, whose lifecycle stays the application's. */
class JedisApplicationClientTest {

    private static RedisServer server;
    private static RedisClient client;

    @BeforeAll
    static void startRedis() {
        server = RedisServer.startDefault();
        client = RedisClient.create(server.host(), server.port());
    }

    @AfterAll
    static void stopRedis() {
        client.close();
        server.close();
    }

    @Test
    @DisplayName("on the application's client: the store works, and closing it leaves the client open and usable")
    void applicationClient() {
        RedisSessionStore store = RedisSessionStore.builder(JedisCommandExecutor.using(client)).namespace("appclient").build();
        SessionKey key = TestData.sessionKey();
        assertThat(store.create(key, new byte[] {0, (byte) 0xff}, Duration.ofMinutes(1))).isTrue();
        assertThat(store.load(key, Duration.ofMinutes(1))).hasValueSatisfying(stored -> assertThat(stored.sealed())
                .containsExactly(0, (byte) 0xff));
        assertThat(store.toString()).contains("the application's Jedis client");

        store.close();

        String recordKey = "appclient:s:{" + key.value() + "}";
        assertThat(client.exists(recordKey.getBytes(StandardCharsets.US_ASCII))).isTrue();
        try (RespConnection admin = RespConnection.to(server)) {
            assertThat(admin.call("EXISTS", recordKey)).isEqualTo(1L);
        }
    }

    @Test
    @DisplayName("a Redis Cluster client is refused: SCRIPT LOAD has no key to route by")
    void clusterClientRefused() {
        try (RedisServer node = RedisServer.builder().config("cluster-enabled yes", "cluster-config-file nodes.conf").start()) {
            try (RespConnection admin = RespConnection.to(node)) {
                admin.call("CLUSTER", "ADDSLOTSRANGE", "0", "16383");
            }
            try (RedisClusterClient cluster = RedisClusterClient.create(new HostAndPort(node.host(), node.port()))) {
                assertThatThrownBy(() -> JedisCommandExecutor.using(cluster))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("Redis Cluster client is not supported");
            }
        }
    }
}

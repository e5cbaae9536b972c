package io.sealedsession.tests.redis;

import static io.sealedsession.tests.redis.TestData.sealed;
import static io.sealedsession.tests.redis.TestData.sessionKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.sealedsession.core.SessionKey;
import io.sealedsession.lettuce.LettuceCommandExecutor;
import io.sealedsession.redis.RedisSessionStore;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Stores built on the application's own Lettuce client or connection, whose lifecycle stays the application's. */
class ApplicationConnectionTest {

    private static RedisServer server;
    private static RedisClient client;

    @BeforeAll
    static void startRedis() {
        TestData.quietLogs();
        server = RedisServer.startDefault();
        client = RedisClient.create(RedisURI.create(server.uri()));
    }

    @AfterAll
    static void stopRedis() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        server.close();
    }

    @Test
    @DisplayName("on the application's connection: closing the store leaves the connection open")
    void applicationConnection() {
        try (StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE)) {
            RedisSessionStore store = RedisSessionStore.builder(LettuceCommandExecutor.using(connection)).build();
            SessionKey key = sessionKey();
            assertThat(store.create(key, sealed(10), Duration.ofMinutes(1))).isTrue();

            store.close();

            assertThat(connection.isOpen()).isTrue();
            assertThat(connection.sync().exists(RawRedis.bytes(TestData.recordKey("ss", key)))).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("on the application's client: the store's own connection closes with it, the client stays usable")
    void applicationClient() {
        LettuceCommandExecutor executor = LettuceCommandExecutor.connect(client, RedisURI.create(server.uri()));
        try (RedisSessionStore store = RedisSessionStore.builder(executor).namespace("appclient").build()) {
            assertThat(executor.isConnected()).isTrue();
            assertThat(store.create(sessionKey(), sealed(10), Duration.ofMinutes(1))).isTrue();
        }
        assertThat(executor.isConnected()).isFalse();
        try (StatefulRedisConnection<byte[], byte[]> stillWorks = client.connect(ByteArrayCodec.INSTANCE)) {
            assertThat(stillWorks.sync().ping()).isEqualTo("PONG");
        }
    }
}

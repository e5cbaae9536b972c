package io.sealedsession.tests.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedsession.core.SessionKey;
import io.sealedsession.redis.RedisDurabilityException;
import io.sealedsession.redis.RedisSessionStore;
import io.sealedsession.redis.RedisSessionStores;
import io.sealedsession.redis.RedisStoreConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

/**
 * With durability on, writes wait for their replicas, and the bounded read, a script that only reads and
 * sets an expiry, never does: on a server without replicas a write is applied and reported as not
 * confirmed, while reads go on answering in one command without a {@code WAIT}.
 */
@OnEveryClient
class DurableReadTest {

    private static final Duration IDLE = Duration.ofMinutes(30);

    private static RedisServer server;

    /** The provider name, such as {@code "lettuce"}. */
    @Parameter
    String client;

    @BeforeAll
    static void startRedis() {
        TestData.quietLogs();
        server = RedisServer.builder().start();
    }

    @AfterAll
    static void stopRedis() {
        server.close();
    }

    @Test
    @DisplayName("a read is one EVALSHA and no WAIT, even when every write waits for a replica")
    void readsDoNotWait() {
        try (RedisSessionStore store = RedisSessionStores.open(RedisStoreConfig.custom()
                        .uri("redis://127.0.0.1:" + server.port()).client(client)
                        .waitForReplicas(1, Duration.ofMillis(50)).build());
                RespConnection admin = RespConnection.to(server)) {
            SessionKey key = TestData.sessionKey();
            assertThatThrownBy(() -> store.create(key, TestData.sealed(100), IDLE))
                    .as("no replica confirms the write").isInstanceOf(RedisDurabilityException.class);
            store.load(key, IDLE); // loads the read script once

            Map<String, Long> commands = CommandStats.during(admin, () -> {
                assertThat(store.load(key, IDLE)).isPresent();
                assertThat(store.load(key, null)).isPresent();
            });

            assertThat(commands).isEqualTo(Map.of("evalsha", 2L, "strlen", 2L, "getex", 1L, "get", 1L));
        }
    }
}

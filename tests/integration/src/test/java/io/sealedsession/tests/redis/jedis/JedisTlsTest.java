package io.sealedsession.tests.redis.jedis;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedsession.core.SessionKey;
import io.sealedsession.redis.RedisSessionStore;
import io.sealedsession.redis.RedisSessionStores;
import io.sealedsession.redis.RedisStoreConfig;
import io.sealedsession.tests.redis.RedisServer;
import io.sealedsession.tests.redis.RedisStats;
import io.sealedsession.tests.redis.RespConnection;
import io.sealedsession.tests.redis.TestData;
import io.sealedsession.tests.redis.TlsMaterial;
import io.sealedsession.tests.redis.TlsServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What the Jedis adapter's connection check means for TLS: pooled TLS connections are reused, and
 * dropped ones replaced. A1 itself runs on Jedis as on every client ({@code TlsTest}).
 */
class JedisTlsTest {

    private static final Duration IDLE = Duration.ofMinutes(1);

    private static TlsServer tlsServer;

    @BeforeAll
    static void startRedis() {
        tlsServer = TlsServer.start();
    }

    @AfterAll
    static void stopRedis() {
        tlsServer.close();
    }

    private static RedisServer server() {
        return tlsServer.server();
    }

    private static TlsMaterial tls() {
        return tlsServer.tls();
    }

    private RedisSessionStore openMutualTls() {
        return RedisSessionStores.open(RedisStoreConfig.custom()
                .uri("rediss://localhost:" + server().tlsPort())
                .client("jedis")
                .connectTimeout(Duration.ofSeconds(5))
                .trustStore(tls().trustStore(), tls().storePassword().toCharArray())
                .keyStore(tls().clientKeyStore(), tls().storePassword().toCharArray())
                .build());
    }

    @Test
    @DisplayName("an idle pooled TLS connection is reused: the check before reuse does not mistake TLS records for a closed socket")
    void idleTlsConnectionReused() {
        try (RespConnection admin = RespConnection.to(server()); RedisSessionStore store = openMutualTls()) {
            long before = RedisStats.connectionsReceived(admin);
            for (int i = 0; i < 30; i++) {
                SessionKey key = TestData.sessionKey();
                assertThat(store.create(key, new byte[] {1, 2, 3}, IDLE)).isTrue();
                assertThat(store.load(key, IDLE)).isPresent();
            }
            // One connection made for all 60 commands, one after another.
            assertThat(RedisStats.connectionsReceived(admin) - before).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("a TLS server killed and restarted while the store is idle: the first operation afterwards works")
    void tlsRestartWhileIdle() {
        try (RedisSessionStore store = openMutualTls()) {
            assertThat(store.create(TestData.sessionKey(), new byte[] {1}, IDLE)).isTrue();

            server().kill();
            server().start();

            SessionKey key = TestData.sessionKey();
            assertThat(store.create(key, new byte[] {2}, IDLE)).isTrue();
            assertThat(store.load(key, IDLE)).isPresent();
        }
    }
}

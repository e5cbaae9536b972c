package io.sealedsession.jedis;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedsession.redis.RedisStoreConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connection set-up refusals: each happens before any connection is attempted. */
class JedisCommandExecutorTest {

    @Test
    void connectWhenPlaintextToRemoteHostThenRefusedWithoutPassword() {
        assertThatThrownBy(() -> JedisCommandExecutor.connect(RedisStoreConfig.forUri("redis://:s3cret@redis.example:6379")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("plaintext redis:// to redis.example")
                .hasMessageContaining("allowPlaintextToRemoteHost(true)")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void connectWhenTlsVerificationRelaxedThenRefused() {
        for (String mode : new String[] {"NONE", "CA", "none"}) {
            assertThatThrownBy(() -> JedisCommandExecutor.connect(
                    RedisStoreConfig.forUri("rediss://:s3cret@redis.example:6380?verifyPeer=" + mode)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("always verifies the certificate and the host name")
                    .hasMessageNotContaining("s3cret");
        }
    }

    @Test
    void connectWhenTrustStoreWithoutTlsThenRefused() {
        assertThatThrownBy(() -> JedisCommandExecutor.connect(RedisStoreConfig.custom()
                .uri("redis://localhost:6379")
                .trustStore(Path.of("trust.p12"), null)
                .build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not use TLS");
    }

    @Test
    void connectWhenTrustStoreMissingThenRefused() {
        assertThatThrownBy(() -> JedisCommandExecutor.connect(RedisStoreConfig.custom()
                .uri("rediss://localhost:6380")
                .trustStore(Path.of("no-such-trust-store.p12"), "pw".toCharArray())
                .build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trust store no-such-trust-store.p12 is not a readable file");
    }

    @Test
    void connectWhenTrustStoreUnreadableThenRefusedWithoutItsPassword(@TempDir Path dir) throws IOException {
        Path notAStore = Files.write(dir.resolve("trust.p12"), new byte[] {1, 2, 3});
        assertThatThrownBy(() -> JedisCommandExecutor.connect(RedisStoreConfig.custom()
                .uri("rediss://localhost:6380")
                .trustStore(notAStore, "store-s3cret".toCharArray())
                .build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not load as PKCS12")
                .hasMessageNotContaining("store-s3cret");
    }

    @Test
    void connectWhenUriUnreadableThenRefusedWithoutQuotingIt() {
        assertThatThrownBy(() -> JedisCommandExecutor.connect(RedisStoreConfig.forUri("redis://:s3cret@127.0.0.1:notaport")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a usable Redis URI: redis://***@127.0.0.1:notaport")
                .hasNoCause()
                .hasMessageNotContaining("s3cret");
    }
}

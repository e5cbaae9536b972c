package io.sealedsession.lettuce;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedsession.redis.RedisStoreConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Connection set-up refusals: each happens before any connection is attempted. */
class LettuceCommandExecutorTest {

    @Test
    void connectWhenPlaintextToRemoteHostThenRefusedWithoutPassword() {
        assertThatThrownBy(() -> LettuceCommandExecutor.connect(RedisStoreConfig.forUri("redis://:s3cret@redis.example:6379")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("plaintext redis:// to redis.example")
                .hasMessageContaining("allowPlaintextToRemoteHost(true)")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void connectWhenTlsVerificationRelaxedThenRefused() {
        assertThatThrownBy(() -> LettuceCommandExecutor.connect(
                RedisStoreConfig.forUri("rediss://:s3cret@redis.example:6380?verifyPeer=NONE")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("always verifies the certificate and the host name")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void connectWhenTrustStoreWithoutTlsThenRefused() {
        assertThatThrownBy(() -> LettuceCommandExecutor.connect(RedisStoreConfig.custom()
                .uri("redis://localhost:6379")
                .trustStore(Path.of("trust.p12"), null)
                .build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not use TLS");
    }

    @Test
    void connectWhenTrustStoreMissingThenRefused() {
        assertThatThrownBy(() -> LettuceCommandExecutor.connect(RedisStoreConfig.custom()
                .uri("rediss://localhost:6380")
                .trustStore(Path.of("no-such-trust-store.p12"), "pw".toCharArray())
                .build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trust store no-such-trust-store.p12 is not a readable file");
    }

    @Test
    void connectWhenClusterSeedRemoteAndPlaintextThenRefusedWithoutPassword() {
        assertThatThrownBy(() -> LettuceCommandExecutor.connect(
                RedisStoreConfig.forUri("redis-cluster://app:s3cret@127.0.0.1:7000,redis.example:7001")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("plaintext redis-cluster:// to redis.example")
                .hasMessageContaining("rediss-cluster://")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void connectWhenSentinelRemoteAndPlaintextThenRefused() {
        assertThatThrownBy(() -> LettuceCommandExecutor.connect(
                RedisStoreConfig.forUri("redis-sentinel://:s3cret@sentinel.example:26379#mymaster")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("plaintext redis-sentinel:// to sentinel.example")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void connectWhenClusterTrustStoreWithoutTlsThenRefused() {
        assertThatThrownBy(() -> LettuceCommandExecutor.connect(RedisStoreConfig.custom()
                .uri("redis-cluster://127.0.0.1:7000")
                .trustStore(Path.of("trust.p12"), null)
                .build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not use TLS; use rediss-cluster");
    }
}

package io.sealedsession.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Cluster and Sentinel URIs, their credentials, and the durability knob, in the configuration. */
class RedisStoreConfigTopologyTest {

    @Test
    void uriWhenClusterThenTopologyAndCredentialsFromUri() {
        RedisStoreConfig config = RedisStoreConfig.forUri("rediss-cluster://app:s3cret@n1.example:7000,n2.example:7001");

        assertThat(config.topology()).isEqualTo(new RedisTopology.Cluster(
                List.of(new RedisAddress("n1.example", 7000), new RedisAddress("n2.example", 7001)), true));
        assertThat(config.credentials()).hasValueSatisfying(c -> {
            assertThat(c.username()).hasValue("app");
            assertThat(new String(c.password())).isEqualTo("s3cret");
        });
        assertThat(config.toString()).contains("rediss-cluster://***@n1.example:7000,n2.example:7001").doesNotContain("s3cret");
    }

    @Test
    void credentialsWhenSetInConfigThenTheyWinOverTheUri() {
        RedisStoreConfig config = RedisStoreConfig.custom().uri("redis-cluster://app:from-uri@127.0.0.1:7000")
                .credentials("other", "from-config".toCharArray()).build();

        assertThat(config.credentials()).hasValueSatisfying(c -> {
            assertThat(c.username()).hasValue("other");
            assertThat(new String(c.password())).isEqualTo("from-config");
        });
        assertThat(RedisStoreConfig.forUri("redis://127.0.0.1").credentials()).isEmpty();
    }

    @Test
    void sentinelCredentialsWhenSentinelUriThenKeptAndRedacted() {
        RedisStoreConfig config = RedisStoreConfig.custom().uri("redis-sentinel://127.0.0.1:26379,127.0.0.1:26380#mymaster")
                .sentinelCredentials(null, "sentinel-s3cret".toCharArray()).build();

        assertThat(config.topology()).isInstanceOf(RedisTopology.Sentinel.class);
        assertThat(config.sentinelCredentials()).hasValueSatisfying(c ->
                assertThat(new String(c.password())).isEqualTo("sentinel-s3cret"));
        assertThat(config.toString()).contains("#mymaster").doesNotContain("sentinel-s3cret");
        assertThatThrownBy(() -> RedisStoreConfig.custom().uri("redis-cluster://127.0.0.1:7000")
                .sentinelCredentials(null, "x".toCharArray()).build())
                .hasMessageContaining("not a redis-sentinel:// URI");
    }

    @Test
    void waitForReplicasWhenSetThenKeptAndValidated() {
        RedisStoreConfig config = RedisStoreConfig.custom().uri("redis://127.0.0.1")
                .waitForReplicas(1, Duration.ofMillis(200)).build();
        assertThat(config.waitReplicas()).isEqualTo(1);
        assertThat(config.waitTimeout()).isEqualTo(Duration.ofMillis(200));
        assertThat(config.toString()).contains("waitForReplicas=1 within PT0.2S");
        assertThat(RedisStoreConfig.forUri("redis://127.0.0.1").waitReplicas()).isZero();
        assertThat(RedisStoreConfig.from(config).noWaitForReplicas().build().waitReplicas()).isZero();

        assertThatThrownBy(() -> RedisStoreConfig.custom().waitForReplicas(0, Duration.ofMillis(200)))
                .hasMessageContaining("noWaitForReplicas()");
        assertThatThrownBy(() -> RedisStoreConfig.custom().waitForReplicas(1, Duration.ZERO))
                .hasMessageContaining("wait timeout must be positive");
        assertThatThrownBy(() -> RedisStoreConfig.custom().uri("redis://127.0.0.1").commandTimeout(Duration.ofSeconds(1))
                .waitForReplicas(1, Duration.ofSeconds(1)).build())
                .hasMessageContaining("shorter than the command timeout");
    }

    @Test
    void bindWhenTopologyAndKnobsThenAllRead() {
        Properties p = new Properties();
        p.setProperty("sealedsession.redis.uri", "redis-sentinel://127.0.0.1:26379/1#orders");
        p.setProperty("sealedsession.redis.sentinel-username", "watcher");
        p.setProperty("sealedsession.redis.sentinel-password", "sentinel-s3cret");
        p.setProperty("sealedsession.redis.wait-replicas", "2");
        p.setProperty("sealedsession.redis.wait-timeout", "PT0.25S");

        RedisStoreConfig config = RedisStoreProperties.bind(p);

        assertThat(config.topology()).isEqualTo(new RedisTopology.Sentinel(
                List.of(new RedisAddress("127.0.0.1", 26379)), "orders", 1, false));
        assertThat(config.sentinelCredentials()).hasValueSatisfying(c -> assertThat(c.username()).hasValue("watcher"));
        assertThat(config.waitReplicas()).isEqualTo(2);
        assertThat(config.waitTimeout()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void bindWhenOnlyReplicasThenDefaultTimeoutAndZeroIsOff() {
        Properties p = new Properties();
        p.setProperty("sealedsession.redis.uri", "redis-cluster://127.0.0.1:7000");
        p.setProperty("sealedsession.redis.wait-replicas", "1");
        assertThat(RedisStoreProperties.bind(p).waitTimeout()).isEqualTo(RedisStoreConfig.DEFAULT_WAIT_TIMEOUT);

        p.setProperty("sealedsession.redis.wait-replicas", "0");
        assertThat(RedisStoreProperties.bind(p).waitReplicas()).isZero();

        p.remove("sealedsession.redis.wait-replicas");
        p.setProperty("sealedsession.redis.wait-timeout", "PT1S");
        assertThatThrownBy(() -> RedisStoreProperties.bind(p)).hasMessageContaining("wait-replicas is not");
    }

    @Test
    void bindWhenBadUriThenReasonShownWithoutPassword() {
        Properties p = new Properties();
        p.setProperty("sealedsession.redis.uri", "redis-sentinel://app:hunter2@127.0.0.1:26379");
        assertThatThrownBy(() -> RedisStoreProperties.bind(p))
                .hasMessageContaining("#mymaster")
                .hasMessageNotContaining("hunter2");
    }
}

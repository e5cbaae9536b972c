package io.sealedsession.redis.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedsession.redis.RedisStoreConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The plan every adapter connects from, and the one rule for a URI's options. */
class ConnectionPlanTest {

    @Test
    void ofWhenUriOptionsThenReadOnceForEveryClient() {
        ConnectionPlan plan = ConnectionPlan.of(RedisStoreConfig.forUri(
                "rediss://app:pw@localhost:6380/3?verifyPeer=FULL&clientName=web-1&timeout=10s"));

        assertThat(plan.database()).isEqualTo(3);
        assertThat(plan.clientName()).hasValue("web-1");
        assertThat(plan.credentials()).hasValueSatisfying(c -> assertThat(c.username()).hasValue("app"));
        assertThat(plan.commandTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(plan.tls()).isTrue();
        assertThat(plan.trustManagers()).isPresent();
        assertThat(plan.keyManagers()).isEmpty();
        assertThat(plan.sslContext()).isPresent();
        assertThat(plan.where()).isEqualTo("Redis at rediss://***@localhost:6380/3?…");
        assertThat(plan.toString()).doesNotContain("pw");
        assertThat(ConnectionPlan.verifyingHostNames().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
    }

    @Test
    void uriWhenUnknownOptionThenRefusedNamingTheAcceptedOnes() {
        assertThatThrownBy(() -> RedisStoreConfig.forUri("redis://:s3cret@localhost?sslmode=off"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'sslmode' is not understood")
                .hasMessageContaining("verifyPeer, database, db, clientName, timeout")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> RedisStoreConfig.forUri("rediss://localhost?verifyPeer=NONE"))
                .hasMessageContaining("always verifies the certificate and the host name");
        assertThatThrownBy(() -> RedisStoreConfig.forUri("redis://localhost/1?db=2"))
                .hasMessageContaining("two different databases");
        assertThatThrownBy(() -> RedisStoreConfig.forUri("redis://localhost?clientName=a%20b"))
                .hasMessageContaining("no spaces or control characters");
        assertThat(ConnectionPlan.of(RedisStoreConfig.forUri("redis://localhost?db=4")).database()).isEqualTo(4);
    }

    @Test
    void ofWhenDeploymentsThenWhereNamesEach() {
        assertThat(ConnectionPlan.of(RedisStoreConfig.forUri("redis-cluster://127.0.0.1:7000")).where())
                .isEqualTo("Redis Cluster at redis-cluster://127.0.0.1:7000");
        ConnectionPlan sentinel = ConnectionPlan.of(RedisStoreConfig.custom().uri("redis-sentinel://127.0.0.1:26379/2#m")
                .sentinelCredentials(null, "pw".toCharArray())
                .waitForReplicas(1, Duration.ofMillis(300))
                .build());
        assertThat(sentinel.where()).isEqualTo("Redis master 'm' via Sentinel at redis-sentinel://127.0.0.1:26379/2#m");
        assertThat(sentinel.database()).isEqualTo(2);
        assertThat(sentinel.sentinelCredentials()).isPresent();
        assertThat(sentinel.durability()).isEqualTo(new Durability(1, 300));
        assertThat(sentinel.trustManagers()).isEmpty();
    }

    @Test
    void ofWhenTrustStoreUnreadableThenRefused() {
        assertThatThrownBy(() -> ConnectionPlan.of(RedisStoreConfig.custom().uri("rediss://localhost")
                .trustStore(Path.of("no-such-store.p12"), "pw".toCharArray()).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trust store no-such-store.p12 is not a readable file");
    }

    @Test
    void transportWhenPlaintextThenOnlyLoopbackUnlessAllowed() {
        assertThatThrownBy(() -> ConnectionPlan.of(RedisStoreConfig.forUri("redis-cluster://127.0.0.1:7000,redis.example:7001")))
                .hasMessageContaining("plaintext redis-cluster:// to redis.example")
                .hasMessageContaining("rediss-cluster://");
        TransportPolicy strict = ConnectionPlan.of(RedisStoreConfig.forUri("redis://127.0.0.1")).transport();
        assertThat(strict.check("127.0.0.1", 7000)).isNull();
        assertThat(strict.check("::1", 7000)).isNull();
        assertThat(strict.check("10.0.0.7", 7000)).contains("10.0.0.7:7000").contains("refused");
        assertThat(strict.check(new InetSocketAddress("127.0.0.1", 7000))).isNull();
        assertThat(strict.check(InetSocketAddress.createUnresolved("redis.example", 7000))).contains("redis.example:7000");

        TransportPolicy allowed = ConnectionPlan.of(RedisStoreConfig.custom().uri("redis://127.0.0.1")
                .allowPlaintextToRemoteHost(true).build()).transport();
        assertThat(allowed.check("10.0.0.7", 7000)).isNull();
        TransportPolicy tls = ConnectionPlan.of(RedisStoreConfig.forUri("rediss://redis.example")).transport();
        assertThat(tls.check("10.0.0.7", 7000)).as("verified by certificate instead").isNull();
    }
}

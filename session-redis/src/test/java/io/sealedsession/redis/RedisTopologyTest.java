package io.sealedsession.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedsession.redis.internal.RedisUris;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedisTopologyTest {

    @Test
    void parseWhenStandaloneThenHostPortDatabaseAndTls() {
        assertThat(RedisTopology.parse("redis://localhost"))
                .isEqualTo(new RedisTopology.Standalone(new RedisAddress("localhost", 6379), 0, false));
        assertThat(RedisTopology.parse("rediss://app:pw@redis.example:6380/2?timeout=1s"))
                .isEqualTo(new RedisTopology.Standalone(new RedisAddress("redis.example", 6380), 2, true));
        assertThat(RedisTopology.parse("redis://[::1]:7000"))
                .isEqualTo(new RedisTopology.Standalone(new RedisAddress("::1", 7000), 0, false));
    }

    @Test
    void parseWhenClusterThenEverySeedInOrder() {
        RedisTopology topology = RedisTopology.parse("redis-cluster://app:pw@10.0.0.1:7000,10.0.0.2:7001,[::1]");

        assertThat(topology).isEqualTo(new RedisTopology.Cluster(List.of(
                new RedisAddress("10.0.0.1", 7000), new RedisAddress("10.0.0.2", 7001), new RedisAddress("::1", 6379)), false));
        assertThat(topology.tls()).isFalse();
        assertThat(topology.scheme()).isEqualTo("redis-cluster");
        assertThat(RedisTopology.parse("rediss-cluster://node-a.example:7000").tls()).isTrue();
        assertThat(RedisTopology.parse("REDIS-CLUSTER://127.0.0.1:7000/")).isInstanceOf(RedisTopology.Cluster.class);
    }

    @Test
    void parseWhenSentinelThenSentinelsMasterAndDatabase() {
        RedisTopology topology = RedisTopology.parse("rediss-sentinel://app:p%23w@s1.example,s2.example:26380/3#orders");

        assertThat(topology).isEqualTo(new RedisTopology.Sentinel(List.of(
                new RedisAddress("s1.example", 26379), new RedisAddress("s2.example", 26380)), "orders", 3, true));
        assertThat(topology.addresses()).hasSize(2);
    }

    @Test
    void parseWhenCredentialsThenDecodedAndKeptApartFromTopology() {
        RedisUris.Parsed parsed = RedisUris.parse("redis-sentinel://app:p%40ss%3Aw+rd@127.0.0.1:26379#m");

        assertThat(parsed.credentials()).isNotNull();
        assertThat(parsed.credentials().username()).hasValue("app");
        assertThat(new String(parsed.credentials().password())).isEqualTo("p@ss:w+rd");
        assertThat(parsed.topology().toString()).doesNotContain("p%40ss", "p@ss");

        RedisUris.Parsed raw = RedisUris.parse("redis-cluster://app:p@ss#w?rd@127.0.0.1:7000");
        assertThat(new String(raw.credentials().password())).as("the last '@' ends the user-info part").isEqualTo("p@ss#w?rd");

        RedisUris.Parsed passwordOnly = RedisUris.parse("redis://s3cret@localhost");
        assertThat(passwordOnly.credentials().username()).isEmpty();
        assertThat(RedisUris.parse("redis://:s3cret@localhost").credentials().username()).isEmpty();
        assertThat(RedisUris.parse("redis://localhost").credentials()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http://user:s3cret@host",
            "redis-cluster://user:s3cret@",
            "redis-cluster://user:s3cret@h1:7000,,h2:7001",
            "redis-cluster://user:s3cret@h1:7000/1",
            "redis-cluster://user:s3cret@h1:7000?timeout=2s",
            "redis-cluster://user:s3cret@h1:7000,h1:7000",
            "redis-cluster://user:s3cret@h1:port",
            "redis-cluster://user:s3cret@h1:70000",
            "redis-sentinel://user:s3cret@h1:26379",
            "redis-sentinel://user:s3cret@h1:26379#",
            "redis-sentinel://user:s3cret@h1:26379/x#m",
            "redis-sentinel://user:s3cret@h1:26379#m?x=1",
            "redis://user:s3cret@h1:7000,h2:7000",
            "redis://user:s3cret@[::1",
            "redis://user:s3cret@bad host",
            "redis://user:@localhost",
            "redis://user:s3cr%zzet@localhost"})
    void parseWhenMalformedThenRefusedWithoutSecret(String uri) {
        assertThatThrownBy(() -> RedisTopology.parse(uri))
                .isInstanceOf(IllegalArgumentException.class)
                .hasNoCause()
                .message().doesNotContain("s3cret", "s3cr");
    }

    @Test
    void parseWhenSentinelWithoutMasterThenSaysHow() {
        assertThatThrownBy(() -> RedisTopology.parse("redis-sentinel://127.0.0.1:26379"))
                .hasMessageContaining("#mymaster");
        assertThatThrownBy(() -> RedisTopology.parse("redis://h1:1,h2:2")).hasMessageContaining("redis-cluster://");
    }
}

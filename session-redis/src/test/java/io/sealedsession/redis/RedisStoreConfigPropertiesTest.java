package io.sealedsession.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class RedisStoreConfigPropertiesTest {

    private static Properties properties(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty("sealedsession.redis." + keyValues[i], keyValues[i + 1]);
        }
        p.setProperty("unrelated.setting", "ignored");
        return p;
    }

    @Test
    void bindWhenEverySettingThenEachApplied() {
        RedisStoreConfig config = RedisStoreProperties.bind(properties(
                "uri", "rediss://redis.example:6380/2",
                "client", "jedis",
                "namespace", "shop",
                "scripting", "none",
                "command-timeout", "PT3S",
                "connect-timeout", "PT4S",
                "username", "app",
                "password", "s3cret",
                "truststore", "/etc/trust.p12",
                "truststore-password", "tpw",
                "keystore", "/etc/client.p12",
                "keystore-password", "kpw",
                "keystore-type", "JKS",
                "allow-plaintext-to-remote-host", "false"));

        assertThat(config.redactedUri()).isEqualTo("rediss://redis.example:6380/2");
        assertThat(config.client()).contains("jedis");
        assertThat(config.namespace()).isEqualTo("shop");
        assertThat(config.scripting()).isEqualTo(ScriptingMode.NONE);
        assertThat(config.commandTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(config.username()).contains("app");
        assertThat(config.password()).hasValueSatisfying(p -> assertThat(new String(p)).isEqualTo("s3cret"));
        assertThat(config.trustStore()).contains(Path.of("/etc/trust.p12"));
        assertThat(config.trustStorePassword()).hasValueSatisfying(p -> assertThat(new String(p)).isEqualTo("tpw"));
        assertThat(config.keyStore()).contains(Path.of("/etc/client.p12"));
        assertThat(config.keyStoreType()).isEqualTo("JKS");
        assertThat(config.plaintextToRemoteHostAllowed()).isFalse();
        assertThat(config.toString()).doesNotContain("s3cret", "tpw", "kpw");
    }

    @Test
    void bindWhenOnlyUriThenDefaults() {
        RedisStoreConfig config = RedisStoreProperties.bind(properties("uri", "redis://127.0.0.1:6379"));

        assertThat(config.client()).isEmpty();
        assertThat(config.namespace()).isEqualTo("ss");
        assertThat(config.scripting()).isEqualTo(ScriptingMode.SCRIPTS);
    }

    @Test
    void bindWhenUriMissingThenSaysWhichProperty() {
        assertThatThrownBy(() -> RedisStoreProperties.bind(properties("client", "lettuce")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sealedsession.redis.uri is required");
    }

    @Test
    void bindWhenMisspeltThenRefusedByName() {
        assertThatThrownBy(() -> RedisStoreProperties.bind(properties("uri", "redis://127.0.0.1", "clinet", "jedis")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("property sealedsession.redis.clinet: unknown setting");
    }

    @Test
    void bindWhenBadValueThenNamedWithoutSecrets() {
        assertThatThrownBy(() -> RedisStoreProperties.bind(properties("uri", "redis://127.0.0.1", "scripting", "maybe")))
                .hasMessage("property sealedsession.redis.scripting: scripts or none, but was maybe");
        assertThatThrownBy(() -> RedisStoreProperties.bind(properties("uri", "http://user:hunter2@host")))
                .hasMessageStartingWith("property sealedsession.redis.uri: a Redis URI starts with redis://")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> RedisStoreProperties.bind(properties("uri", "redis://h", "command-timeout", "2s")))
                .hasMessageStartingWith("property sealedsession.redis.command-timeout: ");
    }
}

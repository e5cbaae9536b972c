package io.sealedsession.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisStoreConfigTest {

    @Test
    void forUriWhenOnlyUriThenDefaults() {
        RedisStoreConfig config = RedisStoreConfig.forUri("redis://localhost");
        assertThat(config.namespace()).isEqualTo("ss");
        assertThat(config.scripting()).isEqualTo(ScriptingMode.SCRIPTS);
        assertThat(config.commandTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.client()).isEmpty();
        assertThat(config.keyStoreType()).isEqualTo("PKCS12");
        assertThat(config.plaintextToRemoteHostAllowed()).isFalse();
    }

    @Test
    void toStringWhenSecretsThenNoneShown() throws ReflectiveOperationException {
        char[] password = "pw-one".toCharArray();
        RedisStoreConfig config = RedisStoreConfig.custom()
                .uri("rediss://user:pw-uri@redis.example:6380")
                .credentials("user", password)
                .trustStore(Path.of("trust.p12"), "pw-trust".toCharArray())
                .keyStore(Path.of("key.p12"), "pw-key".toCharArray())
                .build();
        password[0] = 'X'; // the config kept its own copy

        assertThat(config.toString()).doesNotContain("pw-uri", "pw-one", "pw-trust", "pw-key").contains("***@redis.example:6380");
        assertThat(config.password()).hasValueSatisfying(pw -> assertThat(new String(pw)).isEqualTo("pw-one"));
        // The URI's password lives only in its credentials, never in a URI string the config keeps.
        for (java.lang.reflect.Field field : RedisStoreConfig.class.getDeclaredFields()) {
            if (field.getType() == String.class && !java.lang.reflect.Modifier.isStatic(field.getModifiers())) {
                field.setAccessible(true);
                assertThat(String.valueOf(field.get(config))).as(field.getName()).doesNotContain("pw-uri");
            }
        }
    }

    @Test
    void passwordAccessorWhenCalledThenFreshCopy() {
        RedisStoreConfig config = RedisStoreConfig.custom().uri("redis://localhost").credentials(null, "abc".toCharArray()).build();
        config.password().orElseThrow()[0] = 'X';
        assertThat(new String(config.password().orElseThrow())).isEqualTo("abc");
    }

    @Test
    void builderWhenInvalidThenSaysWhatWasWrong() {
        assertThatThrownBy(() -> RedisStoreConfig.custom().commandTimeout(Duration.ZERO))
                .hasMessage("a command timeout must be positive, but was PT0S");
        assertThatThrownBy(() -> RedisStoreConfig.custom().connectTimeout(Duration.ofSeconds(-1)))
                .hasMessage("a connect timeout must be positive, but was PT-1S");
        assertThatThrownBy(() -> RedisStoreConfig.custom().uri("http://:secret@host"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> RedisStoreConfig.custom().build()).hasMessageContaining("a Redis URI is required");
        assertThatThrownBy(() -> RedisStoreConfig.custom().namespace("a b")).hasMessageContaining("but was \"a b\"");
        assertThatThrownBy(() -> RedisStoreConfig.custom().client(" ")).hasMessageContaining("but was");
    }

    @Test
    void fromWhenBaseThenSameValuesAndIndependent() {
        RedisStoreConfig base = RedisStoreConfig.custom().uri("redis://localhost").namespace("n1").client("lettuce")
                .scripting(ScriptingMode.NONE).commandTimeout(Duration.ofMillis(700)).build();
        RedisStoreConfig copy = RedisStoreConfig.from(base).namespace("n2").build();

        assertThat(copy.namespace()).isEqualTo("n2");
        assertThat(base.namespace()).isEqualTo("n1");
        assertThat(copy.client()).contains("lettuce");
        assertThat(copy.scripting()).isEqualTo(ScriptingMode.NONE);
        assertThat(copy.commandTimeout()).isEqualTo(Duration.ofMillis(700));
    }
}

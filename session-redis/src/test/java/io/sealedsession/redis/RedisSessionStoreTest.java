package io.sealedsession.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisSessionStoreTest {

    @Test
    void ttlMillisWhenWholeMillisecondsThenExact() {
        assertThat(RedisSessionStore.ttlMillis(Duration.ofMinutes(30))).isEqualTo(1_800_000);
    }

    @Test
    void ttlMillisWhenFractionThenRoundedUpNeverZero() {
        assertThat(RedisSessionStore.ttlMillis(Duration.ofNanos(1))).isEqualTo(1);
        assertThat(RedisSessionStore.ttlMillis(Duration.ofMillis(5).plusNanos(1))).isEqualTo(6);
    }

    @Test
    void ttlMillisWhenNotPositiveThenRefused() {
        assertThatThrownBy(() -> RedisSessionStore.ttlMillis(Duration.ZERO))
                .hasMessage("a time to live must be positive, but was PT0S");
        assertThatThrownBy(() -> RedisSessionStore.ttlMillis(Duration.ofSeconds(-3)))
                .hasMessage("a time to live must be positive, but was PT-3S");
    }

    @Test
    void ttlMillisWhenBeyondLongMillisThenRefused() {
        assertThatThrownBy(() -> RedisSessionStore.ttlMillis(Duration.ofSeconds(Long.MAX_VALUE)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must fit in milliseconds");
    }

    @Test
    void requiredCommandsWhenNoScriptingThenNoScriptCommands() {
        assertThat(RedisSessionStore.requiredCommands(ScriptingMode.NONE))
                .doesNotContain("evalsha", "script|load")
                .contains("getex", "set", "zadd", "pexpire");
        assertThat(RedisSessionStore.requiredCommands(ScriptingMode.SCRIPTS)).contains("evalsha", "script|load", "zrange");
    }
}

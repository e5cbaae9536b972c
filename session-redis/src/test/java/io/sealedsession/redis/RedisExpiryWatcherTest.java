package io.sealedsession.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedisExpiryWatcherTest {

    @ParameterizedTest
    @ValueSource(strings = {"Ex", "xE", "AKE", "KEA", "Egx"})
    void reportsExpiredKeysWhenKeyeventAndExpiredThenTrue(String setting) {
        assertThat(RedisExpiryWatcher.reportsExpiredKeys(setting)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "x", "Kx", "E", "KEg", "AK"})
    void reportsExpiredKeysWhenEitherMissingThenFalse(String setting) {
        assertThat(RedisExpiryWatcher.reportsExpiredKeys(setting)).isFalse();
    }
}

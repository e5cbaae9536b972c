package io.sealedsession.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedisAddressTest {

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "LOCALHOST", "127.0.0.1", "127.10.0.3", "::1", "[::1]"})
    void isLoopbackWhenLoopbackThenTrue(String host) {
        assertThat(RedisAddress.isLoopback(host)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis.example", "10.0.0.5", "192.168.1.1", "localhost.evil.example", "127.0.0.1.nip.io", "::2"})
    void isLoopbackWhenRemoteOrNameThenFalse(String host) {
        assertThat(RedisAddress.isLoopback(host)).isFalse();
    }

    @Test
    void toStringWhenIpv6ThenBracketed() {
        assertThat(new RedisAddress("[::1]", 7000)).hasToString("[::1]:7000").isEqualTo(new RedisAddress("::1", 7000));
        assertThat(new RedisAddress("redis.example", 6379)).hasToString("redis.example:6379");
    }

    @Test
    void constructorWhenPortOutOfRangeThenRefused() {
        assertThatThrownBy(() -> new RedisAddress("h", 0)).hasMessageContaining("between 1 and 65535");
        assertThatThrownBy(() -> new RedisAddress(" ", 1)).hasMessageContaining("not blank");
    }
}

package io.sealedsession.jedis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostsTest {

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "LOCALHOST", "127.0.0.1", "127.10.0.3", "::1", "[::1]"})
    void isLoopbackWhenLoopbackThenTrue(String host) {
        assertThat(Hosts.isLoopback(host)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis.example", "10.0.0.5", "192.168.1.1", "localhost.evil.example", "127.0.0.1.nip.io", "::2"})
    void isLoopbackWhenRemoteOrNameThenFalse(String host) {
        assertThat(Hosts.isLoopback(host)).isFalse();
    }
}

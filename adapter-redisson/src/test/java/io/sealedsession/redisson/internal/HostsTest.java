package io.sealedsession.redisson.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostsTest {

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "LocalHost", "127.0.0.1", "127.200.3.4", "::1", "[::1]", "0:0:0:0:0:0:0:1"})
    void isLoopbackWhenLoopbackThenTrue(String host) {
        assertThat(Hosts.isLoopback(host)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis.example", "10.1.2.3", "172.16.0.1", "localhost.attacker.example", "127.0.0.1.nip.io",
            "[::2]", "128.0.0.1", "[", "[]"})
    void isLoopbackWhenRemoteOrNameThenFalse(String host) {
        assertThat(Hosts.isLoopback(host)).isFalse();
    }
}

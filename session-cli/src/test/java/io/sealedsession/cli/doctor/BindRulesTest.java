package io.sealedsession.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Which addresses of a {@code bind} value expose Redis beyond this machine. */
class BindRulesTest {

    @Test
    @DisplayName("loopback addresses do not count, optional ones (-) do, an empty bind is every interface")
    void nonLoopback() {
        assertThat(BindAddresses.nonLoopback("127.0.0.1 -::1")).isEmpty();
        assertThat(BindAddresses.nonLoopback("127.0.0.1 -203.0.113.7")).containsExactly("-203.0.113.7");
        assertThat(BindAddresses.nonLoopback("* -::*")).containsExactly("*", "-::*");
        assertThat(BindAddresses.nonLoopback("0.0.0.0")).containsExactly("0.0.0.0");
        assertThat(BindAddresses.nonLoopback("localhost 127.8.9.10")).isEmpty();
        assertThat(BindAddresses.nonLoopback("redis.internal")).containsExactly("redis.internal");
        assertThat(BindAddresses.nonLoopback("")).containsExactly("(every interface)");
    }
}

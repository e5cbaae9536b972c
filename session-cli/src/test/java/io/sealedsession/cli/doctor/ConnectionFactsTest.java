package io.sealedsession.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What doctor learns from the URI, and the loopback and bind rules of the network checks. */
class ConnectionFactsTest {

    @Test
    @DisplayName("scheme, host, user and whether a password is given; never the password itself")
    void facts() {
        assertThat(ConnectionFacts.of("rediss://app:p@ss:w@rd@redis.example:6380/0"))
                .isEqualTo(new ConnectionFacts(true, "redis.example", "app", true));
        assertThat(ConnectionFacts.of("redis://127.0.0.1:6390")).isEqualTo(new ConnectionFacts(false, "127.0.0.1", null, false));
        assertThat(ConnectionFacts.of("redis://:secret@localhost")).isEqualTo(new ConnectionFacts(false, "localhost", null, true));
        assertThat(ConnectionFacts.of("redis://secret@localhost:1")).isEqualTo(new ConnectionFacts(false, "localhost", null, true));
        assertThat(ConnectionFacts.of("rediss://[::1]:6380")).isEqualTo(new ConnectionFacts(true, "[::1]", null, false));
        assertThat(ConnectionFacts.of("redis://app:@host?timeout=1s").host()).isEqualTo("host");
    }

    @Test
    @DisplayName("loopback by name and address, never by a DNS lookup")
    void loopback() {
        assertThat(Doctor.isLoopback("localhost")).isTrue();
        assertThat(Doctor.isLoopback("127.0.0.1")).isTrue();
        assertThat(Doctor.isLoopback("127.8.9.10")).isTrue();
        assertThat(Doctor.isLoopback("[::1]")).isTrue();
        assertThat(Doctor.isLoopback("::1")).isTrue();
        assertThat(Doctor.isLoopback("10.0.0.1")).isFalse();
        assertThat(Doctor.isLoopback("redis.example")).isFalse();
    }

    @Test
    @DisplayName("bind: optional addresses count, an empty bind is every interface")
    void bind() {
        assertThat(Doctor.nonLoopback("127.0.0.1 -::1")).isEmpty();
        assertThat(Doctor.nonLoopback("127.0.0.1 -203.0.113.7")).containsExactly("-203.0.113.7");
        assertThat(Doctor.nonLoopback("* -::*")).containsExactly("*", "-::*");
        assertThat(Doctor.nonLoopback("0.0.0.0")).containsExactly("0.0.0.0");
        assertThat(Doctor.nonLoopback("")).containsExactly("(every interface)");
    }
}

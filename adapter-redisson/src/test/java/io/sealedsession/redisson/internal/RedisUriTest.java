package io.sealedsession.redisson.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedisUriTest {

    @Test
    void parseWhenHostOnlyThenDefaults() {
        RedisUri uri = RedisUri.parse("redis://redis.example");

        assertThat(uri.tls()).isFalse();
        assertThat(uri.host()).isEqualTo("redis.example");
        assertThat(uri.port()).isEqualTo(6379);
        assertThat(uri.database()).isZero();
        assertThat(uri.username()).isNull();
        assertThat(uri.password()).isNull();
        assertThat(uri.address()).isEqualTo("redis://redis.example:6379");
    }

    @Test
    void parseWhenEverythingGivenThenEachPartRead() {
        RedisUri uri = RedisUri.parse("rediss://app:s3cret@redis.example:6380/3");

        assertThat(uri.tls()).isTrue();
        assertThat(uri.port()).isEqualTo(6380);
        assertThat(uri.database()).isEqualTo(3);
        assertThat(uri.username()).isEqualTo("app");
        assertThat(uri.password()).containsExactly("s3cret".toCharArray());
        assertThat(uri.address()).isEqualTo("rediss://redis.example:6380");
    }

    @Test
    void parseWhenPasswordHoldsDelimitersThenLastAtEndsUserInfo() {
        RedisUri uri = RedisUri.parse("redis://app:p@ss/w?rd#:x@127.0.0.1:7000/1");

        assertThat(uri.username()).isEqualTo("app");
        assertThat(new String(uri.password())).isEqualTo("p@ss/w?rd#:x");
        assertThat(uri.host()).isEqualTo("127.0.0.1");
        assertThat(uri.port()).isEqualTo(7000);
        assertThat(uri.database()).isEqualTo(1);
    }

    @Test
    void parseWhenPercentEncodedThenDecodedAsUtf8() {
        RedisUri uri = RedisUri.parse("redis://%C3%A9quipe:a%2Bb%40c%25@localhost");

        assertThat(uri.username()).isEqualTo("équipe");
        assertThat(new String(uri.password())).isEqualTo("a+b@c%");
    }

    @Test
    void parseWhenNoColonInUserInfoThenPasswordOfDefaultUser() {
        RedisUri uri = RedisUri.parse("redis://s3cret@localhost");

        assertThat(uri.username()).isNull();
        assertThat(new String(uri.password())).isEqualTo("s3cret");
    }

    @Test
    void parseWhenEmptyUserThenDefaultUser() {
        RedisUri uri = RedisUri.parse("redis://:s3cret@localhost");

        assertThat(uri.username()).isNull();
        assertThat(new String(uri.password())).isEqualTo("s3cret");
    }

    @Test
    void parseWhenIpv6ThenBracketsKept() {
        RedisUri uri = RedisUri.parse("redis://[::1]:7001");

        assertThat(uri.host()).isEqualTo("[::1]");
        assertThat(uri.bareHost()).isEqualTo("::1");
        assertThat(uri.address()).isEqualTo("redis://[::1]:7001");
    }

    @Test
    void parseWhenUnderstoodOptionsThenAccepted() {
        RedisUri uri = RedisUri.parse("rediss://localhost:6380?verifyPeer=FULL&timeout=10s&db=4");

        assertThat(uri.database()).isEqualTo(4);
        assertThat(RedisUri.parse("rediss://localhost?verifypeer=true").tls()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"NONE", "CA", "false", ""})
    void parseWhenVerificationRelaxedThenRefused(String mode) {
        assertThatThrownBy(() -> RedisUri.parse("rediss://:s3cret@localhost?verifyPeer=" + mode))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("always verifies the certificate and the host name")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void parseWhenUnknownOptionThenRefusedNamingItOnly() {
        assertThatThrownBy(() -> RedisUri.parse("redis://localhost?clientName=s3cret"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'clientname' is not understood")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void parseWhenTwoDifferentDatabasesThenRefused() {
        assertThatThrownBy(() -> RedisUri.parse("redis://localhost/1?database=2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("two different databases");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "redis://:s3cret@127.0.0.1:notaport",
            "redis://:s3cret@127.0.0.1:0",
            "redis://:s3cret@127.0.0.1:65536",
            "redis://:s3cret@127.0.0.1/x",
            "redis://:s3cret@",
            "redis://:s3cret@bad host",
            "redis://:s3cret@[::1",
            "redis://:s3cret@[::1]x",
            "redis://:s3cret%zz@localhost",
            "redis://:s3cret%C3@localhost",
            "redis://:s3cret@localhost#fragment",
            "http://:s3cret@localhost"})
    void parseWhenMalformedThenRefusedWithoutQuoting(String uri) {
        assertThatThrownBy(() -> RedisUri.parse(uri))
                .isInstanceOf(IllegalArgumentException.class)
                .hasNoCause()
                .message().doesNotContain("s3cret");
    }

    @Test
    void toStringWhenPasswordThenHidden() {
        assertThat(RedisUri.parse("redis://app:s3cret@localhost").toString())
                .contains("app", "***")
                .doesNotContain("s3cret");
    }
}

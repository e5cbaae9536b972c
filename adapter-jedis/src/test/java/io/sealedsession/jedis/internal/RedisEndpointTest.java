package io.sealedsession.jedis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedsession.redis.RedisStoreConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedisEndpointTest {

    private static RedisEndpoint of(String uri) {
        return RedisEndpoint.of(RedisStoreConfig.forUri(uri));
    }

    @Test
    void ofWhenFullUriThenEveryPartRead() {
        RedisEndpoint endpoint = of("rediss://app:p%40ss%3Aword@redis.example:6380/3");

        assertThat(endpoint.tls()).isTrue();
        assertThat(endpoint.host()).isEqualTo("redis.example");
        assertThat(endpoint.port()).isEqualTo(6380);
        assertThat(endpoint.database()).isEqualTo(3);
        assertThat(endpoint.user()).isEqualTo("app");
        assertThat(endpoint.password()).containsExactly("p@ss:word".toCharArray());
        assertThat(endpoint.toString()).isEqualTo("RedisEndpoint[rediss://redis.example:6380/3, with login]");
    }

    @Test
    void ofWhenMinimalUriThenDefaults() {
        RedisEndpoint endpoint = of("redis://localhost");

        assertThat(endpoint.tls()).isFalse();
        assertThat(endpoint.port()).isEqualTo(6379);
        assertThat(endpoint.database()).isZero();
        assertThat(endpoint.user()).isNull();
        assertThat(endpoint.password()).isNull();
        assertThat(endpoint.clientName()).isNull();
    }

    @Test
    void ofWhenPasswordOnlyThenDefaultUser() {
        assertThat(of("redis://:secret@localhost").user()).isNull();
        assertThat(of("redis://:secret@localhost").password()).containsExactly("secret".toCharArray());
        // Without a colon the whole user info is the password, as Lettuce reads it.
        assertThat(of("redis://secret@localhost").user()).isNull();
        assertThat(of("redis://secret@localhost").password()).containsExactly("secret".toCharArray());
    }

    @Test
    void ofWhenUserWithEmptyPasswordThenRefusedByTheConfiguration() {
        // A user cannot log in without a password; the configuration refuses it before any adapter sees it.
        assertThatThrownBy(() -> of("redis://app:@localhost"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a user without a password");
    }

    @Test
    void ofWhenConfigHasCredentialsThenTheyWin() {
        RedisEndpoint endpoint = RedisEndpoint.of(RedisStoreConfig.custom()
                .uri("redis://uri-user:uri-password@localhost")
                .credentials("config-user", "config-password".toCharArray())
                .build());

        assertThat(endpoint.user()).isEqualTo("config-user");
        assertThat(endpoint.password()).containsExactly("config-password".toCharArray());
    }

    @Test
    void ofWhenConfigHasPasswordWithoutUserThenDefaultUser() {
        RedisEndpoint endpoint = RedisEndpoint.of(RedisStoreConfig.custom()
                .uri("redis://uri-user:uri-password@localhost")
                .credentials(null, "config-password".toCharArray())
                .build());

        assertThat(endpoint.user()).isNull();
        assertThat(endpoint.password()).containsExactly("config-password".toCharArray());
    }

    @Test
    void ofWhenQueryParametersThenReadLikeLettuce() {
        RedisEndpoint endpoint = of("rediss://localhost:6380/1?db=4&clientName=web%201&timeout=10s&verifyPeer=full&unknown=x");

        assertThat(endpoint.database()).isEqualTo(4);
        assertThat(endpoint.clientName()).isEqualTo("web 1");
    }

    @Test
    void ofWhenIpv6LiteralThenBracketsDropped() {
        RedisEndpoint endpoint = of("redis://[::1]:7000");

        assertThat(endpoint.host()).isEqualTo("::1");
        assertThat(endpoint.describe()).isEqualTo("redis://[::1]:7000/0");
    }

    @Test
    void ofWhenVerifyPeerOnPlaintextThenIgnored() {
        assertThat(of("redis://localhost?verifyPeer=NONE").tls()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"rediss://:pw@localhost?verifyPeer=NONE", "rediss://:pw@localhost?verifypeer=ca",
            "rediss://:pw@localhost?verifyPeer="})
    void ofWhenTlsVerificationRelaxedThenRefused(String uri) {
        assertThatThrownBy(() -> of(uri))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("always verifies the certificate and the host name")
                .hasMessageNotContaining("pw@");
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis://:pw@localhost/x", "redis://:pw@localhost?db=-1", "redis://:pw@host:notaport",
            "redis://:p@w@localhost", "redis://:pw@localhost?clientName=%zz", "redis://:pw@local host"})
    void ofWhenUnreadableThenRefusedWithoutPasswordOrCause(String uri) {
        assertThatThrownBy(() -> of(uri))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a usable Redis URI: redis://***@")
                .hasNoCause()
                .hasMessageNotContaining(":pw");
    }

    @Test
    void ofWhenNoHostThenRefused() {
        assertThatThrownBy(() -> of("redis:///0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host");
    }
}

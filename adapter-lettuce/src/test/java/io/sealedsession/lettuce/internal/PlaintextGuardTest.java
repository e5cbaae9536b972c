package io.sealedsession.lettuce.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.resource.SocketAddressResolver;
import io.sealedsession.redis.RedisStoreConfig;
import io.sealedsession.redis.spi.ConnectionPlan;
import io.sealedsession.redis.spi.TransportPolicy;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** The plaintext rule for hosts a Cluster or Sentinel announces, where Lettuce resolves them. */
class PlaintextGuardTest {

    @Test
    void resolveWhenAnnouncedHostRemoteThenRefused() {
        SocketAddressResolver guard = Options.plaintextGuard(policy(false));

        assertThatThrownBy(() -> guard.resolve(RedisURI.create("10.0.0.7", 7000)))
                .isInstanceOf(RedisConnectionException.class)
                .hasMessageContaining("10.0.0.7:7000");
    }

    @Test
    void resolveWhenLoopbackOrAllowedThenResolved() {
        assertThat(Options.plaintextGuard(policy(false)).resolve(RedisURI.create("127.0.0.1", 7000)))
                .isEqualTo(InetSocketAddress.createUnresolved("127.0.0.1", 7000));
        assertThat(Options.plaintextGuard(policy(true)).resolve(RedisURI.create("10.0.0.7", 7000))).isNotNull();
    }

    private static TransportPolicy policy(boolean remoteAllowed) {
        return ConnectionPlan.of(RedisStoreConfig.custom().uri("redis://127.0.0.1:7000")
                .allowPlaintextToRemoteHost(remoteAllowed).build()).transport();
    }
}

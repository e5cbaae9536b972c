package io.sealedsession.jedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedsession.core.SessionStoreUnavailableException;
import io.sealedsession.redis.RedisSessionStores;
import io.sealedsession.redis.RedisStoreConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisConnectionException;

/** The adapter jar alone on the class path, as an application that picked Jedis has it. */
class JedisRedisClientProviderTest {

    @Test
    void providerNamesWhenOnlyJedisThenJedis() {
        assertThat(RedisSessionStores.providerNames()).containsExactly("jedis");
    }

    @Test
    void openWhenNoNameAndOnlyJedisThenJedisConnects() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        // Nothing listens there: the attempt, and its Jedis cause, show which client was chosen.
        assertThatThrownBy(() -> RedisSessionStores.open(RedisStoreConfig.forUri("redis://127.0.0.1:" + closedPort)))
                .isInstanceOf(SessionStoreUnavailableException.class)
                .hasMessage("Redis at redis://127.0.0.1:" + closedPort + " cannot be reached (connect)")
                .hasCauseInstanceOf(JedisConnectionException.class);
    }
}

package io.sealedsession.servlet;

import io.sealedsession.core.port.SessionSealer;
import io.sealedsession.core.port.SessionStore;
import io.sealedsession.crypto.SessionKeyring;
import io.sealedsession.tests.redis.RedisMatrix;
import io.sealedsession.tests.redis.RedisSetup;
import io.sealedsession.tests.redis.RedisStoreUnderTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The servlet adapter's end-to-end suite on a real redis-server, with Tink sealing: in every
 * container ({@link ServletContainer#all()}) on every Redis client on the class path
 * ({@link RedisMatrix#clients()}).
 */
@DisplayName("SealedSessionFilter on Redis")
@ParameterizedClass(name = "{0} · {1}")
@MethodSource("io.sealedsession.servlet.ServletMatrix#containersAndClients")
class RedisEndToEndTest extends SealedSessionFilterContract {

    @Parameter(0)
    ServletContainer container;

    @Parameter(1)
    String redisClient;

    @Override
    protected ServletContainer container() {
        return container;
    }

    @Override
    protected SessionStore newStore() {
        return RedisStoreUnderTest.open(RedisSetup.PLAIN, redisClient).store();
    }

    @Override
    protected SessionSealer newSealer() {
        return SessionKeyring.generate().sealer();
    }
}

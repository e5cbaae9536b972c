package io.sealedsession.servlet;

import io.sealedsession.core.port.SessionSealer;
import io.sealedsession.core.port.SessionStore;
import io.sealedsession.crypto.SessionKeyring;
import io.sealedsession.tests.redis.RedisSetup;
import io.sealedsession.tests.redis.RedisStoreUnderTest;
import org.junit.jupiter.api.DisplayName;

/** The servlet adapter's end-to-end suite in Jetty, on a real redis-server through Jedis, with Tink sealing. */
@DisplayName("SealedSessionFilter in Jetty on Redis through Jedis")
class JettyJedisEndToEndTest extends SealedSessionFilterContract {

    @Override
    protected ServletContainer container() {
        return new JettyContainer();
    }

    @Override
    protected SessionStore newStore() {
        return RedisStoreUnderTest.open(RedisSetup.PLAIN, "jedis").store();
    }

    @Override
    protected SessionSealer newSealer() {
        return SessionKeyring.generate().sealer();
    }
}

package io.sealedsession.servlet;

import io.sealedsession.core.port.SessionSealer;
import io.sealedsession.core.port.SessionStore;
import io.sealedsession.crypto.SessionKeyring;
import io.sealedsession.tests.redis.RedisSetup;
import io.sealedsession.tests.redis.RedisStoreUnderTest;
import org.junit.jupiter.api.DisplayName;

/** The servlet adapter's end-to-end suite in Tomcat, on a real redis-server through Redisson, with Tink sealing. */
@DisplayName("SealedSessionFilter in Tomcat on Redis through Redisson")
class TomcatRedissonEndToEndTest extends SealedSessionFilterContract {

    @Override
    protected ServletContainer container() {
        return new TomcatContainer();
    }

    @Override
    protected SessionStore newStore() {
        return RedisStoreUnderTest.open(RedisSetup.PLAIN, "redisson").store();
    }

    @Override
    protected SessionSealer newSealer() {
        return SessionKeyring.generate().sealer();
    }
}

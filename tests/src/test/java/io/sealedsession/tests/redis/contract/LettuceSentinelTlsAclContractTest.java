package io.sealedsession.tests.redis.contract;

import io.sealedsession.tests.kit.ManualClock;
import io.sealedsession.tests.kit.SessionStoreContract;
import io.sealedsession.tests.kit.StoreUnderTest;
import io.sealedsession.tests.redis.RedisSetup;
import io.sealedsession.tests.redis.RedisStoreUnderTest;

/** The whole contract kit on Lettuce, set-up {@link RedisSetup#SENTINEL_TLS_ACL}: Sentinel with TLS everywhere, an ACL user and password-protected Sentinels. */
class LettuceSentinelTlsAclContractTest extends SessionStoreContract {

    @Override
    protected StoreUnderTest open(ManualClock clock) {
        return RedisStoreUnderTest.open(RedisSetup.SENTINEL_TLS_ACL, "lettuce");
    }
}

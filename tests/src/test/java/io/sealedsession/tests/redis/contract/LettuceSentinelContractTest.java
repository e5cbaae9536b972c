package io.sealedsession.tests.redis.contract;

import io.sealedsession.tests.kit.ManualClock;
import io.sealedsession.tests.kit.SessionStoreContract;
import io.sealedsession.tests.kit.StoreUnderTest;
import io.sealedsession.tests.redis.RedisSetup;
import io.sealedsession.tests.redis.RedisStoreUnderTest;

/** The whole contract kit on Lettuce, set-up {@link RedisSetup#SENTINEL}: a master and replica behind 3 Sentinels. */
class LettuceSentinelContractTest extends SessionStoreContract {

    @Override
    protected StoreUnderTest open(ManualClock clock) {
        return RedisStoreUnderTest.open(RedisSetup.SENTINEL, "lettuce");
    }
}

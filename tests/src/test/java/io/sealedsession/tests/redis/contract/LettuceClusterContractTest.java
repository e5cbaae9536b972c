package io.sealedsession.tests.redis.contract;

import io.sealedsession.tests.kit.ManualClock;
import io.sealedsession.tests.kit.SessionStoreContract;
import io.sealedsession.tests.kit.StoreUnderTest;
import io.sealedsession.tests.redis.RedisSetup;
import io.sealedsession.tests.redis.RedisStoreUnderTest;

/** The whole contract kit on Lettuce, set-up {@link RedisSetup#CLUSTER}: a Redis Cluster of 3 masters and 3 replicas. */
class LettuceClusterContractTest extends SessionStoreContract {

    @Override
    protected StoreUnderTest open(ManualClock clock) {
        return RedisStoreUnderTest.open(RedisSetup.CLUSTER, "lettuce");
    }
}

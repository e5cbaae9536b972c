package io.sealedsession.tests.redis.contract;

import io.sealedsession.tests.kit.ManualClock;
import io.sealedsession.tests.kit.SessionStoreContract;
import io.sealedsession.tests.kit.StoreUnderTest;
import io.sealedsession.tests.redis.RedisSetup;
import io.sealedsession.tests.redis.RedisStoreUnderTest;

/** The whole contract kit on Lettuce, set-up {@link RedisSetup#CLUSTER_TLS_ACL}: a Redis Cluster with TLS everywhere and a least-privilege ACL user. */
class LettuceClusterTlsAclContractTest extends SessionStoreContract {

    @Override
    protected StoreUnderTest open(ManualClock clock) {
        return RedisStoreUnderTest.open(RedisSetup.CLUSTER_TLS_ACL, "lettuce");
    }
}

package io.sealedsession.tests.redis.topology;

/** {@link ClusterFaultsContract} on Redisson. */
class RedissonClusterFaultsTest extends ClusterFaultsContract {

    @Override
    protected String client() {
        return "redisson";
    }
}

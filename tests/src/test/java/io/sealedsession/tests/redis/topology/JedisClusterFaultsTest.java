package io.sealedsession.tests.redis.topology;

/** {@link ClusterFaultsContract} on Jedis. */
class JedisClusterFaultsTest extends ClusterFaultsContract {

    @Override
    protected String client() {
        return "jedis";
    }
}

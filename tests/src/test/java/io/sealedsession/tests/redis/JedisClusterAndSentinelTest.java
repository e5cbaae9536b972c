package io.sealedsession.tests.redis;

/** {@link ClusterAndSentinelTest} on Jedis. */
class JedisClusterAndSentinelTest extends ClusterAndSentinelTest {

    @Override
    protected String client() {
        return "jedis";
    }
}

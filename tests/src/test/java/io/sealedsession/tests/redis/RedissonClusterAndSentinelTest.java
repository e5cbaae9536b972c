package io.sealedsession.tests.redis;

/** {@link ClusterAndSentinelTest} on Redisson. */
class RedissonClusterAndSentinelTest extends ClusterAndSentinelTest {

    @Override
    protected String client() {
        return "redisson";
    }

    @Override
    protected boolean waitsWithEveryWrite() {
        return true;
    }
}

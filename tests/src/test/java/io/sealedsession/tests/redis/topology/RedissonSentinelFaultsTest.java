package io.sealedsession.tests.redis.topology;

/** {@link SentinelFaultsContract} on Redisson. */
class RedissonSentinelFaultsTest extends SentinelFaultsContract {

    @Override
    protected String client() {
        return "redisson";
    }
}

package io.sealedsession.tests.redis.topology;

/** {@link SentinelFaultsContract} on Jedis. */
class JedisSentinelFaultsTest extends SentinelFaultsContract {

    @Override
    protected String client() {
        return "jedis";
    }
}

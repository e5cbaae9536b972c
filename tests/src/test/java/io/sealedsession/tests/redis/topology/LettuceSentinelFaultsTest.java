package io.sealedsession.tests.redis.topology;

/** {@link SentinelFaultsContract} on Lettuce. */
class LettuceSentinelFaultsTest extends SentinelFaultsContract {

    @Override
    protected String client() {
        return "lettuce";
    }
}

package io.sealedsession.tests.redis.topology;

/** {@link ClusterFaultsContract} on Lettuce. */
class LettuceClusterFaultsTest extends ClusterFaultsContract {

    @Override
    protected String client() {
        return "lettuce";
    }
}

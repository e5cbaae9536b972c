package io.sealedsession.tests.redis.redisson;

import io.sealedsession.tests.redis.AbstractRoundTripCountTest;

/**
 * Round trips per store operation on Redisson: the same as on any client, and none of Redisson's
 * own (no script cache of its own, no resend).
 */
class RedissonRoundTripCountTest extends AbstractRoundTripCountTest {

    @Override
    protected String client() {
        return "redisson";
    }

    @Override
    protected boolean lateCommandStillRuns() {
        return true; // the pooled connection is kept open after a timeout
    }
}

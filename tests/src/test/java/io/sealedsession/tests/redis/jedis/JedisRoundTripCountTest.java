package io.sealedsession.tests.redis.jedis;

import io.sealedsession.tests.redis.AbstractRoundTripCountTest;

/**
 * Round trips per store operation on Jedis: the same as on any client, and no command of the
 * client's own (no PING to check a pooled connection, no CLIENT SETINFO, no HELLO).
 */
class JedisRoundTripCountTest extends AbstractRoundTripCountTest {

    @Override
    protected String client() {
        return "jedis";
    }

    @Override
    protected boolean lateCommandStillRuns() {
        return false; // a pooled connection that timed out is closed
    }
}

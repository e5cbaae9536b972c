package io.sealedsession.tests.redis;

/** Round trips per store operation on Lettuce. */
class LettuceRoundTripCountTest extends AbstractRoundTripCountTest {

    @Override
    protected String client() {
        return "lettuce";
    }

    @Override
    protected boolean lateCommandStillRuns() {
        return true; // one connection, kept open after a timeout
    }
}

package io.sealedsession.tests.redis.expiry;

/** The expiry watcher on Lettuce. */
class LettuceExpiryWatcherTest extends AbstractExpiryWatcherTest {

    @Override
    protected String client() {
        return "lettuce";
    }
}

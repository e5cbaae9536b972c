package io.sealedsession.tests.redis.expiry;

/** The expiry watcher on Redisson. */
class RedissonExpiryWatcherTest extends AbstractExpiryWatcherTest {

    @Override
    protected String client() {
        return "redisson";
    }
}

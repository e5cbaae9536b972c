package io.sealedsession.tests.redis.expiry;

/** The expiry watcher on Jedis. */
class JedisExpiryWatcherTest extends AbstractExpiryWatcherTest {

    @Override
    protected String client() {
        return "jedis";
    }
}

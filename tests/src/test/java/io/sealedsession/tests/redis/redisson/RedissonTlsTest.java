package io.sealedsession.tests.redis.redisson;

import io.sealedsession.tests.redis.AbstractTlsTest;

/** A1 on Redisson. */
class RedissonTlsTest extends AbstractTlsTest {

    @Override
    protected String client() {
        return "redisson";
    }
}

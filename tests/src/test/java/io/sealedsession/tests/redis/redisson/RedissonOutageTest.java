package io.sealedsession.tests.redis.redisson;

import io.sealedsession.tests.redis.AbstractRedisOutageTest;
import org.redisson.client.RedisException;

/**
 * Redis going away and coming back, under a store on Redisson: a pool of connections that Redisson
 * reconnects itself, with no resend of a command.
 */
class RedissonOutageTest extends AbstractRedisOutageTest {

    @Override
    protected String client() {
        return "redisson";
    }

    @Override
    protected Class<? extends Throwable> clientException() {
        return RedisException.class;
    }

    @Override
    protected int connectionsAfterConcurrentCalls(int calls) {
        return calls; // one pooled connection per command in flight
    }
}

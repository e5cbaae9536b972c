package io.sealedsession.tests.redis.jedis;

import io.sealedsession.tests.redis.AbstractRedisOutageTest;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Redis going away and coming back, under a store on Jedis: a pool of connections, each checked
 * for having been closed by the server before it is reused.
 */
class JedisRedisOutageTest extends AbstractRedisOutageTest {

    @Override
    protected String client() {
        return "jedis";
    }

    @Override
    protected Class<? extends Throwable> clientException() {
        return JedisException.class;
    }

    @Override
    protected int connectionsAfterConcurrentCalls(int calls) {
        return calls; // one pooled connection per command in flight
    }
}

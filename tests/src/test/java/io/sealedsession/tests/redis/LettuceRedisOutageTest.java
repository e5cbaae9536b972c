package io.sealedsession.tests.redis;

import io.lettuce.core.RedisException;

/** Redis going away and coming back, under a store on Lettuce: one connection, reconnected by Lettuce. */
class LettuceRedisOutageTest extends AbstractRedisOutageTest {

    @Override
    protected String client() {
        return "lettuce";
    }

    @Override
    protected Class<? extends Throwable> clientException() {
        return RedisException.class;
    }

    @Override
    protected int connectionsAfterConcurrentCalls(int calls) {
        return 1; // commands of all threads share one connection
    }
}

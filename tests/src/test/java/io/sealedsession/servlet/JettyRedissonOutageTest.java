package io.sealedsession.servlet;

import org.junit.jupiter.api.DisplayName;

@DisplayName("Redis outage seen through Jetty and Redisson")
class JettyRedissonOutageTest extends RedisOutageEndToEndContract {

    @Override
    protected ServletContainer container() {
        return new JettyContainer();
    }

    @Override
    protected String redisClient() {
        return "redisson";
    }
}

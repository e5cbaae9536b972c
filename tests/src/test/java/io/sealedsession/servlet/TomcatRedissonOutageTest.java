package io.sealedsession.servlet;

import org.junit.jupiter.api.DisplayName;

@DisplayName("Redis outage seen through Tomcat and Redisson")
class TomcatRedissonOutageTest extends RedisOutageEndToEndContract {

    @Override
    protected ServletContainer container() {
        return new TomcatContainer();
    }

    @Override
    protected String redisClient() {
        return "redisson";
    }
}

package io.sealedsession.tests.redis;

import java.util.List;

/** The client names of every Redis adapter on the test class path. */
final class RedisClients {

    static final List<String> ALL = List.of("lettuce", "jedis", "redisson");

    private RedisClients() {}
}

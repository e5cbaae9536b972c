/**
 * Real Redis servers for tests: {@link io.sealedsession.tests.redis.RedisServer} starts a
 * {@code redis-server} process of its own on a free loopback port. No mocks, no shared server.
 */
@NullMarked
package io.sealedsession.tests.redis;

import org.jspecify.annotations.NullMarked;

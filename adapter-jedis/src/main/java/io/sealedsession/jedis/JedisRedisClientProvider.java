package io.sealedsession.jedis;

import io.sealedsession.redis.spi.NamedClientProvider;

/**
 * Makes Jedis available to {@link io.sealedsession.redis.RedisSessionStores#open} under the name
 * {@value #NAME}, with executors from {@link JedisCommandExecutor#connect}. Registered through
 * {@code META-INF/services}. Stateless and thread-safe.
 */
public final class JedisRedisClientProvider extends NamedClientProvider {

    /** The provider's name. */
    public static final String NAME = "jedis";

    /** The provider {@link java.util.ServiceLoader} makes. */
    public JedisRedisClientProvider() {
        super(NAME, JedisCommandExecutor::connect);
    }
}

package io.sealedsession.jedis;

import io.sealedsession.redis.RedisClientProvider;
import io.sealedsession.redis.RedisCommandExecutor;
import io.sealedsession.redis.RedisStoreConfig;

/**
 * Makes Jedis available to {@link io.sealedsession.redis.RedisSessionStores#open} under the name
 * {@value #NAME}. Registered through {@code META-INF/services}. Stateless and thread-safe.
 */
public final class JedisRedisClientProvider implements RedisClientProvider {

    /** The provider's name. */
    public static final String NAME = "jedis";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String toString() {
        return "JedisRedisClientProvider[" + NAME + "]";
    }

    /** An executor on a client of its own: {@link JedisCommandExecutor#connect(RedisStoreConfig)}. */
    @Override
    public RedisCommandExecutor executor(RedisStoreConfig config) {
        return JedisCommandExecutor.connect(config);
    }
}

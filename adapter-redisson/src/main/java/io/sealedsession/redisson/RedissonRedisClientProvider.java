package io.sealedsession.redisson;

import io.sealedsession.redis.RedisClientProvider;
import io.sealedsession.redis.RedisCommandExecutor;
import io.sealedsession.redis.RedisStoreConfig;

/**
 * Makes Redisson available to {@link io.sealedsession.redis.RedisSessionStores#open} under the name
 * {@value #NAME}. Registered through {@code META-INF/services}. Stateless and thread-safe.
 */
public final class RedissonRedisClientProvider implements RedisClientProvider {

    /** The provider's name. */
    public static final String NAME = "redisson";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String toString() {
        return "RedissonRedisClientProvider[" + NAME + "]";
    }

    /** An executor on a Redisson client of its own: {@link RedissonCommandExecutor#connect(RedisStoreConfig)}. */
    @Override
    public RedisCommandExecutor executor(RedisStoreConfig config) {
        return RedissonCommandExecutor.connect(config);
    }
}

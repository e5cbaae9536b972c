package io.sealedsession.lettuce;

import io.sealedsession.redis.RedisClientProvider;
import io.sealedsession.redis.RedisCommandExecutor;
import io.sealedsession.redis.RedisStoreConfig;

/**
 * Makes Lettuce available to {@link io.sealedsession.redis.RedisSessionStores#open} under the name
 * {@value #NAME}. Registered through {@code META-INF/services}. Stateless and thread-safe.
 */
public final class LettuceRedisClientProvider implements RedisClientProvider {

    /** The provider's name. */
    public static final String NAME = "lettuce";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String toString() {
        return "LettuceRedisClientProvider[" + NAME + "]";
    }

    /** An executor on a connection of its own: {@link LettuceCommandExecutor#connect(RedisStoreConfig)}. */
    @Override
    public RedisCommandExecutor executor(RedisStoreConfig config) {
        return LettuceCommandExecutor.connect(config);
    }
}

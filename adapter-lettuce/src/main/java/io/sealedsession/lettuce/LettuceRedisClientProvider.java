package io.sealedsession.lettuce;

import io.sealedsession.redis.RedisClientProvider;
import io.sealedsession.redis.RedisCommandExecutor;
import io.sealedsession.redis.RedisSessionStore;
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

    /**
     * A store on a connection of its own, opened by {@link LettuceCommandExecutor#connect(RedisStoreConfig)}
     * for whichever deployment the URI names (one server, Cluster, Sentinel), with the
     * configuration's namespace, scripting mode and durability.
     */
    @Override
    public RedisSessionStore open(RedisStoreConfig config) {
        LettuceCommandExecutor executor = LettuceCommandExecutor.connect(config);
        try {
            return RedisSessionStore.builder(executor).config(config).build();
        } catch (RuntimeException e) {
            executor.close();
            throw e;
        }
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

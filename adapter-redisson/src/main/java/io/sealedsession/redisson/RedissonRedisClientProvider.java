package io.sealedsession.redisson;

import io.sealedsession.redis.RedisClientProvider;
import io.sealedsession.redis.RedisCommandExecutor;
import io.sealedsession.redis.RedisSessionStore;
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

    /**
     * A store on a Redisson client of its own, created by {@link RedissonCommandExecutor#connect(RedisStoreConfig)}
     * for whichever deployment the URI names (one server, Cluster, Sentinel), with the
     * configuration's namespace, scripting mode and durability.
     */
    @Override
    public RedisSessionStore open(RedisStoreConfig config) {
        RedissonCommandExecutor executor = RedissonCommandExecutor.connect(config);
        try {
            return RedisSessionStore.builder(executor).config(config).build();
        } catch (RuntimeException e) {
            executor.close();
            throw e;
        }
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

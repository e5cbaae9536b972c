package io.sealedsession.jedis;

import io.sealedsession.redis.RedisClientProvider;
import io.sealedsession.redis.RedisCommandExecutor;
import io.sealedsession.redis.RedisSessionStore;
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

    /**
     * A store on a client of its own, opened by {@link JedisCommandExecutor#connect(RedisStoreConfig)}
     * for whichever deployment the URI names (one server, Cluster, Sentinel), with the
     * configuration's namespace, scripting mode and durability.
     */
    @Override
    public RedisSessionStore open(RedisStoreConfig config) {
        JedisCommandExecutor executor = JedisCommandExecutor.connect(config);
        try {
            return RedisSessionStore.builder(executor).config(config).build();
        } catch (RuntimeException e) {
            executor.close();
            throw e;
        }
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

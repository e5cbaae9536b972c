package io.sealedsession.jedis;

import io.sealedsession.redis.RedisClientProvider;
import io.sealedsession.redis.RedisCommandExecutor;
import io.sealedsession.redis.RedisSessionStore;
import io.sealedsession.redis.RedisStoreConfig;
import io.sealedsession.redis.RedisTopology;

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

    /** A store on a client of its own, opened by {@link JedisCommandExecutor#connect(RedisStoreConfig)}. */
    @Override
    public RedisSessionStore open(RedisStoreConfig config) {
        if (config.waitReplicas() > 0) {
            throw new IllegalArgumentException("the jedis client does not offer waitForReplicas yet; choose the lettuce client for it");
        }
        if (!(config.topology() instanceof RedisTopology.Standalone)) {
            throw new IllegalArgumentException("the jedis client connects to a single Redis server; for Cluster and Sentinel choose the lettuce client");
        }
        JedisCommandExecutor executor = JedisCommandExecutor.connect(config);
        try {
            return RedisSessionStore.builder(executor)
                    .namespace(config.namespace())
                    .scripting(config.scripting())
                    .build();
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

package io.sealedsession.redisson;

import io.sealedsession.redis.spi.NamedClientProvider;

/**
 * Makes Redisson available to {@link io.sealedsession.redis.RedisSessionStores#open} under the name
 * {@value #NAME}, with executors from {@link RedissonCommandExecutor#connect}. Registered through
 * {@code META-INF/services}. Stateless and thread-safe.
 */
public final class RedissonRedisClientProvider extends NamedClientProvider {

    /** The provider's name. */
    public static final String NAME = "redisson";

    /** The provider {@link java.util.ServiceLoader} makes. */
    public RedissonRedisClientProvider() {
        super(NAME, RedissonCommandExecutor::connect);
    }
}

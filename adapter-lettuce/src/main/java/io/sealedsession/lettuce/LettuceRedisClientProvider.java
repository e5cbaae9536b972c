package io.sealedsession.lettuce;

import io.sealedsession.redis.spi.NamedClientProvider;

/**
 * Makes Lettuce available to {@link io.sealedsession.redis.RedisSessionStores#open} under the name
 * {@value #NAME}, with executors from {@link LettuceCommandExecutor#connect}. Registered through
 * {@code META-INF/services}. Stateless and thread-safe.
 */
public final class LettuceRedisClientProvider extends NamedClientProvider {

    /** The provider's name. */
    public static final String NAME = "lettuce";

    /** The provider {@link java.util.ServiceLoader} makes. */
    public LettuceRedisClientProvider() {
        super(NAME, LettuceCommandExecutor::connect);
    }
}

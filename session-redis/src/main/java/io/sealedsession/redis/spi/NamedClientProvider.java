package io.sealedsession.redis.spi;

import io.sealedsession.redis.RedisClientProvider;
import io.sealedsession.redis.RedisCommandExecutor;
import io.sealedsession.redis.RedisStoreConfig;
import java.util.Objects;
import java.util.function.Function;

/**
 * A {@link RedisClientProvider} made of a name and a way to connect: what an adapter's provider
 * is, as a one-line subclass with a public no-argument constructor. Stateless and thread-safe.
 */
public abstract class NamedClientProvider implements RedisClientProvider {

    private final String name;
    private final Function<RedisStoreConfig, ? extends RedisCommandExecutor> connect;

    /**
     * @param name the provider's name, lowercase
     * @param connect opens an executor on a connection of its own, such as {@code connect(config)}
     */
    protected NamedClientProvider(String name, Function<RedisStoreConfig, ? extends RedisCommandExecutor> connect) {
        this.name = Objects.requireNonNull(name, "name");
        this.connect = Objects.requireNonNull(connect, "connect");
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final RedisCommandExecutor executor(RedisStoreConfig config) {
        return connect.apply(Objects.requireNonNull(config, "config"));
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + name + "]";
    }
}

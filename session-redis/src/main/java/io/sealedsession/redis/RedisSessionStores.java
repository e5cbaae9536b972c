package io.sealedsession.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Opens a {@link RedisSessionStore} with whichever Redis client adapter is on the class path.
 *
 * <pre>{@code
 * try (RedisSessionStore store = RedisSessionStores.open(RedisStoreConfig.forUri("rediss://app:secret@redis:6379"))) {
 *     ...
 * }
 * }</pre>
 */
public final class RedisSessionStores {

    private RedisSessionStores() {}

    /**
     * Opens a store through the provider that {@link RedisStoreConfig#client()} names or, when it
     * names none, through the only provider on the class path.
     *
     * @throws IllegalStateException when the named provider is absent, or none is named and there
     *     is not exactly one; the message lists the providers found
     * @throws io.sealedsession.core.SessionStoreUnavailableException when Redis cannot be reached
     */
    public static RedisSessionStore open(RedisStoreConfig config) {
        Objects.requireNonNull(config, "config");
        return provider(config).open(config);
    }

    /**
     * Connects through the same provider as {@link #open} would choose, but returns only the
     * executor: for diagnostics ({@link RedisCommandExecutor#command}), not for sessions. The
     * caller closes it.
     *
     * @throws IllegalStateException when the named provider is absent, or none is named and there
     *     is not exactly one
     * @throws io.sealedsession.core.SessionStoreUnavailableException when Redis cannot be reached
     */
    public static RedisCommandExecutor openExecutor(RedisStoreConfig config) {
        Objects.requireNonNull(config, "config");
        return provider(config).executor(config);
    }

    /** The names of the providers on the class path, in the order {@link ServiceLoader} finds them. */
    public static List<String> providerNames() {
        return providers().stream().map(RedisClientProvider::name).toList();
    }

    private static RedisClientProvider provider(RedisStoreConfig config) {
        List<RedisClientProvider> found = providers();
        List<String> names = found.stream().map(RedisClientProvider::name).toList();
        if (config.client().isPresent()) {
            String wanted = config.client().get().toLowerCase(Locale.ROOT);
            return found.stream().filter(p -> p.name().equals(wanted)).findFirst().orElseThrow(() ->
                    new IllegalStateException("no Redis client provider named '" + wanted + "' is on the class path; found "
                            + (names.isEmpty() ? "none" : names) + ". Add the adapter jar, such as io.sealedsession:adapter-"
                            + wanted + "."));
        }
        if (found.size() == 1) {
            return found.get(0);
        }
        if (found.isEmpty()) {
            throw new IllegalStateException("no Redis client provider is on the class path; add an adapter jar such as "
                    + "io.sealedsession:adapter-lettuce");
        }
        throw new IllegalStateException("several Redis client providers are on the class path: " + names
                + "; choose one with RedisStoreConfig.custom().client(name)");
    }

    private static List<RedisClientProvider> providers() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = RedisSessionStores.class.getClassLoader();
        }
        List<RedisClientProvider> providers = new ArrayList<>();
        try {
            ServiceLoader.load(RedisClientProvider.class, loader).forEach(providers::add);
        } catch (ServiceConfigurationError broken) {
            throw new IllegalStateException("a Redis client provider on the class path cannot be loaded: " + broken.getMessage(), broken);
        }
        return providers;
    }
}

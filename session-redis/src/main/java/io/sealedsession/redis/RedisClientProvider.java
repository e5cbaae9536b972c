package io.sealedsession.redis;

/**
 * A Redis client library's way into {@link RedisSessionStores#open}: each adapter jar registers one
 * through {@link java.util.ServiceLoader} (a
 * {@code META-INF/services/io.sealedsession.redis.RedisClientProvider} file), so that an
 * application swaps clients by swapping a jar and, when several are present, a config value.
 *
 * <p>Implementations have a public no-argument constructor and are thread-safe.
 */
public interface RedisClientProvider {

    /** The name {@link RedisStoreConfig#client()} selects this provider by, such as {@code "lettuce"}. Lowercase. */
    String name();

    /**
     * Connects to Redis as {@code config} says and returns a store that owns the connection:
     * closing the store closes it. The store takes the configuration's namespace, scripting mode
     * and durability; the default opens {@link #executor} and builds the store around it.
     *
     * @throws io.sealedsession.core.SessionStoreUnavailableException when Redis cannot be reached
     * @throws IllegalArgumentException when the configuration cannot be used (such as plaintext to a
     *     remote host without opt-in, or a trust store that does not load)
     */
    default RedisSessionStore open(RedisStoreConfig config) {
        RedisCommandExecutor executor = executor(config);
        try {
            return RedisSessionStore.builder(executor).config(config).build();
        } catch (RuntimeException e) {
            executor.close();
            throw e;
        }
    }

    /**
     * Connects as {@code config} says and returns just the executor, without a store around it:
     * for tools that talk to Redis without reading or writing sessions, such as
     * {@code session-cli doctor}. The caller closes it. The namespace and scripting mode of the
     * config play no part.
     *
     * @throws io.sealedsession.core.SessionStoreUnavailableException when Redis cannot be reached
     * @throws IllegalArgumentException when the configuration cannot be used
     */
    RedisCommandExecutor executor(RedisStoreConfig config);
}

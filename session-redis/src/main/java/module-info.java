/**
 * The Redis data layout of Sealed Sessions, written once over a client-neutral command interface.
 *
 * <p>Exported: {@code io.sealedsession.redis}, which holds the store, its configuration and the
 * port an adapter implements ({@link io.sealedsession.redis.RedisClientProvider}, found through
 * {@link java.util.ServiceLoader}). The {@code internal} package is not exported.
 */
module io.sealedsession.redis {
    requires transitive io.sealedsession.core;
    requires org.slf4j;
    requires static org.jspecify;

    exports io.sealedsession.redis;
    exports io.sealedsession.redis.spi;

    uses io.sealedsession.redis.RedisClientProvider;
}

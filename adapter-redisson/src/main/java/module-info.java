/**
 * The Redis session store on the Redisson client.
 *
 * <p>Provides {@link io.sealedsession.redis.RedisClientProvider} under the name {@code redisson}.
 * Exported: {@code io.sealedsession.redisson}; the {@code internal} package is not exported.
 *
 * <p>The client has no module descriptor of its own: it is required under its automatic module
 * name, and transitively, because {@code using(...)} takes the client's own types.
 */
@SuppressWarnings("requires-transitive-automatic")
module io.sealedsession.redisson {
    requires transitive io.sealedsession.redis;
    requires transitive redisson;
    requires io.netty.buffer;
    requires io.netty.transport;
    requires org.slf4j;
    requires static org.jspecify;

    exports io.sealedsession.redisson;

    provides io.sealedsession.redis.RedisClientProvider with io.sealedsession.redisson.RedissonRedisClientProvider;
}

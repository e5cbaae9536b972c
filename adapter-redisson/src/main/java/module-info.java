/**
 * The Redis session store on the Redisson client.
 *
 * <p>Provides {@link io.sealedsession.redis.RedisClientProvider} under the name {@code redisson}.
 * Exported: {@code io.sealedsession.redisson}; the {@code internal} package is not exported.
 */
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

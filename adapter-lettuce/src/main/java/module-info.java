/**
 * The Redis session store on the Lettuce client.
 *
 * <p>Provides {@link io.sealedsession.redis.RedisClientProvider} under the name {@code lettuce}.
 * Exported: {@code io.sealedsession.lettuce}; the {@code internal} package is not exported.
 *
 * <p>The client has no module descriptor of its own: it is required under its automatic module
 * name, and transitively, because {@code using(...)} takes the client's own types.
 */
@SuppressWarnings("requires-transitive-automatic")
module io.sealedsession.lettuce {
    requires transitive io.sealedsession.redis;
    requires transitive lettuce.core;
    requires reactor.core;
    requires org.slf4j;
    requires static org.jspecify;

    exports io.sealedsession.lettuce;

    provides io.sealedsession.redis.RedisClientProvider with io.sealedsession.lettuce.LettuceRedisClientProvider;
}

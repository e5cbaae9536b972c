/**
 * The Redis session store on the Jedis client.
 *
 * <p>Provides {@link io.sealedsession.redis.RedisClientProvider} under the name {@code jedis}.
 * Exported: {@code io.sealedsession.jedis}; the {@code internal} package is not exported.
 *
 * <p>The client has no module descriptor of its own: it is required under its automatic module
 * name, and transitively, because {@code using(...)} takes the client's own types.
 */
@SuppressWarnings("requires-transitive-automatic")
module io.sealedsession.jedis {
    requires transitive io.sealedsession.redis;
    requires transitive redis.clients.jedis;
    requires org.apache.commons.pool2;
    requires org.slf4j;
    requires static org.jspecify;

    exports io.sealedsession.jedis;

    provides io.sealedsession.redis.RedisClientProvider with io.sealedsession.jedis.JedisRedisClientProvider;
}

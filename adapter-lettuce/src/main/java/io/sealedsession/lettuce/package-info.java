/**
 * The Redis session store on Lettuce: {@link io.sealedsession.lettuce.LettuceCommandExecutor}
 * implements {@link io.sealedsession.redis.RedisCommandExecutor} on one shared, thread-safe Lettuce
 * connection, and {@link io.sealedsession.lettuce.LettuceRedisClientProvider} makes Lettuce
 * available to {@link io.sealedsession.redis.RedisSessionStores#open} under the name
 * {@code "lettuce"}.
 */
@NullMarked
package io.sealedsession.lettuce;

import org.jspecify.annotations.NullMarked;

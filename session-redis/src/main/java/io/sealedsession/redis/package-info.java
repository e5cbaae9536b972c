/**
 * The Redis data layout of Sealed Sessions, written once for every Redis client: the key schema,
 * the framing of records, the Lua scripts and the principal index, on top of the small,
 * client-neutral {@link io.sealedsession.redis.RedisCommandExecutor}.
 *
 * <p>Applications use {@link io.sealedsession.redis.RedisSessionStores#open} with a
 * {@link io.sealedsession.redis.RedisStoreConfig}; a client adapter jar (Lettuce, ...) on the class
 * path supplies the connection through {@link io.sealedsession.redis.RedisClientProvider}.
 */
@NullMarked
package io.sealedsession.redis;

import org.jspecify.annotations.NullMarked;

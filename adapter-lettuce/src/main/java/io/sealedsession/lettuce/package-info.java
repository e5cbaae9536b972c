/**
 * The Redis session store on Lettuce: {@link io.sealedsession.lettuce.LettuceCommandExecutor} on
 * one shared Lettuce connection, and {@link io.sealedsession.lettuce.LettuceRedisClientProvider}
 * under the name {@code "lettuce"}. RESP2, so that any ACL user can log in with {@code AUTH}.
 * Lettuce's own DEBUG logging prints URIs with the password masked by one asterisk per character;
 * this library logs URIs only as {@link io.sealedsession.redis.RedisStoreConfig#redactedUri()}.
 */
@NullMarked
package io.sealedsession.lettuce;

import org.jspecify.annotations.NullMarked;

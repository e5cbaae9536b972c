/**
 * The Redis session store on Lettuce: {@link io.sealedsession.lettuce.LettuceCommandExecutor}
 * implements {@link io.sealedsession.redis.RedisCommandExecutor} on one shared, thread-safe Lettuce
 * connection, and {@link io.sealedsession.lettuce.LettuceRedisClientProvider} makes Lettuce
 * available to {@link io.sealedsession.redis.RedisSessionStores#open} under the name
 * {@code "lettuce"}.
 *
 * <p>One server, a Redis Cluster or a master behind Sentinel, as the configuration's
 * {@link io.sealedsession.redis.RedisTopology} says; see
 * {@link io.sealedsession.lettuce.LettuceCommandExecutor} for how each is followed through
 * failovers and slot migrations.
 *
 * <h2>Connection choices</h2>
 * <ul>
 *   <li>RESP2: Lettuce then logs in with {@code AUTH}, which any ACL user may run, instead of
 *       {@code HELLO}; the store's replies are the same in both protocols.</li>
 *   <li>Commands issued while the connection is down wait for the reconnect, at most the command
 *       timeout (2 s by default), then fail as unavailable; reconnect attempts are at most 1 s
 *       apart, so a restarted Redis is used again within about a second.</li>
 *   <li>Plaintext to a non-loopback host is refused unless explicitly allowed (requirement A1),
 *       and then logged as a warning; TLS always verifies certificate and host name.</li>
 *   <li>Lettuce's own DEBUG logging prints connection URIs with the password replaced by one
 *       asterisk per character (user name and password length visible); this library never logs
 *       a URI other than through {@link io.sealedsession.redis.RedisStoreConfig#redactedUri()}.</li>
 * </ul>
 */
@NullMarked
package io.sealedsession.lettuce;

import org.jspecify.annotations.NullMarked;

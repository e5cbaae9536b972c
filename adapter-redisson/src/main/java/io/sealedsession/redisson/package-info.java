/**
 * The Redis session store on Redisson: {@link io.sealedsession.redisson.RedissonCommandExecutor}
 * implements {@link io.sealedsession.redis.RedisCommandExecutor} with Redisson's low-level command
 * executor, and {@link io.sealedsession.redisson.RedissonRedisClientProvider} makes Redisson
 * available to {@link io.sealedsession.redis.RedisSessionStores#open} under the name
 * {@code "redisson"}.
 *
 * <h2>Connection choices</h2>
 * <ul>
 *   <li>No Redisson object (bucket, sorted set, script) is used: each executor method is one
 *       command written with {@code ByteArrayCodec}, so keys and values reach Redis exactly as the
 *       store made them, without Redisson's codecs, name mapping or key prefixes.</li>
 *   <li>The store's commands are never resent, on any client (their retry attempts are 0): a
 *       resent {@code SET NX} whose first reply was lost
 *       would report a session key as taken, and a resent compare-and-set would report a conflict
 *       with its own write. A command that fails, fails once, within the command timeout.</li>
 *   <li>On a client it creates: RESP2, no {@code PING} on connect or as keep-alive, no client
 *       name, so a connection logs in with {@code AUTH} (which any ACL user may run) and sends
 *       nothing else before the store's own commands. Redisson does send one command of its own
 *       when such a client starts, which no setting turns off: see
 *       {@link io.sealedsession.redisson.RedissonCommandExecutor}. On an application's client,
 *       the application's settings decide this.</li>
 *   <li>Plaintext to a non-loopback host is refused unless explicitly allowed (requirement A1),
 *       and then logged as a warning; TLS always verifies certificate and host name.</li>
 *   <li>Redisson logs addresses with credentials replaced by {@code ***} and masks {@code AUTH}.
 *       Up to DEBUG, it shows command arguments in logs and exception messages only as buffer
 *       sizes (the executor hands keys, values and members over as buffers), so they carry no
 *       key and no value. At TRACE, Redisson logs every command as sent, keys and sealed values
 *       included (never passwords).</li>
 * </ul>
 */
@NullMarked
package io.sealedsession.redisson;

import org.jspecify.annotations.NullMarked;

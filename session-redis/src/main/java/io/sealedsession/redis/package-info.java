/**
 * The Redis data layout of Sealed Sessions, written once for every Redis client: the key schema,
 * the framing of records, the Lua scripts and the principal index, on top of the small,
 * client-neutral {@link io.sealedsession.redis.RedisCommandExecutor}.
 *
 * <p>Applications use {@link io.sealedsession.redis.RedisSessionStores#open} with a
 * {@link io.sealedsession.redis.RedisStoreConfig}; a client adapter jar (Lettuce, ...) on the class
 * path supplies the connection through {@link io.sealedsession.redis.RedisClientProvider}. An
 * application that already has a client builds the store itself:
 * {@code RedisSessionStore.builder(executor).namespace("app").build()}.
 *
 * <h2>Choices that differ from, or refine, the reference design</h2>
 * <ul>
 *   <li>The compare-and-set script answers 1 on success, not the new version: the caller chose
 *       the version (expected + 1) and Lua 5.1 numbers are doubles, so a version returned through
 *       Lua would be exact only up to 2<sup>53</sup>. Missing is 0, a conflict is the current value,
 *       so the caller still needs no second round trip.</li>
 *   <li>Without scripting, index writes set the index's expiry with {@code PEXPIREAT NX} and then
 *       {@code PEXPIREAT GT}: separate commands can interleave with another writer's, and these
 *       conditions mean no writer can shorten the life another gave the index (an index may then
 *       outlive its last deadline after an unindex; its entries are pruned by score anyway).
 *       This needs Redis 7.0.</li>
 *   <li>A value under a record key that is not a versioned frame (too short, version below 1)
 *       reads as no session and logs a warning with the key's fingerprint, rather than failing the
 *       request: only something other than this library writes such values.</li>
 *   <li>Principal index scores are epoch milliseconds; deadlines and "now" are truncated to the
 *       millisecond, like the instants inside the sealed record.</li>
 *   <li>Index maintenance compares deadlines with the application's clock and sets the index's
 *       absolute expiry from them: application and Redis clocks are assumed to agree (NTP).</li>
 * </ul>
 */
@NullMarked
package io.sealedsession.redis;

import org.jspecify.annotations.NullMarked;

/**
 * What an adapter for a Redis client library builds on, so that it holds only the code of its own
 * client: the {@link io.sealedsession.redis.spi.ConnectionPlan} (every setting of a
 * {@link io.sealedsession.redis.RedisStoreConfig} resolved once: endpoints, credentials, timeouts,
 * TLS material, URI options), the {@link io.sealedsession.redis.spi.TransportPolicy} (the
 * plaintext rule for configured and announced hosts), and
 * {@link io.sealedsession.redis.spi.AbstractRedisCommandExecutor} (the commands of the port,
 * their replies, errors, script loading on every node, durability, close).
 *
 * <p>An adapter implements a few hooks of the abstract executor and maps its client's exceptions
 * to a {@link io.sealedsession.redis.spi.Failure}; see {@code docs/adapter-spi.md}.
 */
@NullMarked
package io.sealedsession.redis.spi;

import org.jspecify.annotations.NullMarked;

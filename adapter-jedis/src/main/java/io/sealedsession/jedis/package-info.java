/**
 * The Redis session store on Jedis: {@link io.sealedsession.jedis.JedisCommandExecutor} implements
 * {@link io.sealedsession.redis.RedisCommandExecutor} on a pooled, thread-safe Jedis client, and
 * {@link io.sealedsession.jedis.JedisRedisClientProvider} makes Jedis available to
 * {@link io.sealedsession.redis.RedisSessionStores#open} under the name {@code "jedis"}.
 *
 * <h2>Connection choices</h2>
 * <ul>
 *   <li>RESP2: connections log in with {@code AUTH}, which any ACL user may run, and send no
 *       {@code HELLO}, {@code CLIENT SETINFO} or {@code PING}; the store's replies are the same in
 *       both protocols.</li>
 *   <li>A pool of up to {@value io.sealedsession.jedis.JedisCommandExecutor#POOL_SIZE}
 *       connections, one per command in flight. Before an idle connection is reused, its socket is
 *       checked, without sending anything, for whether Redis has closed it; so after a restart
 *       the first command already runs on a new connection. Commands are never re-sent.</li>
 *   <li>Every wait is bounded: connecting and the TLS handshake by the connect timeout, each
 *       reply and a free connection by the command timeout (2 s by default). A thread interrupted
 *       while it waits for Redis closes the connection it was using (sockets are those of NIO
 *       channels) and gets an unavailable error with its interrupt status set.</li>
 *   <li>TLS is set up by this adapter rather than by Jedis's options: the trust store and key
 *       store from the configuration, host-name verification ({@code HTTPS} endpoint
 *       identification) during the handshake, handshake completed when the connection is made.
 *       Plaintext to a non-loopback host is refused unless explicitly allowed (requirement A1),
 *       and then logged as a warning.</li>
 *   <li>The URI is read as the Lettuce adapter reads it, so one configuration works with either
 *       client; the password goes to Jedis as a credentials object, never inside a URI string.</li>
 *   <li>Redis Cluster and Sentinel come from the parsed {@link io.sealedsession.redis.RedisTopology}:
 *       on a Cluster, routing by slot with {@code MOVED}/{@code ASK} followed and scripts loaded on
 *       every node; behind Sentinel, the master asked of the Sentinels for every new connection and
 *       followed on {@code +switch-master}. With the durability knob on, each write's {@code WAIT}
 *       runs on the connection that carried it.</li>
 * </ul>
 */
@NullMarked
package io.sealedsession.jedis;

import org.jspecify.annotations.NullMarked;

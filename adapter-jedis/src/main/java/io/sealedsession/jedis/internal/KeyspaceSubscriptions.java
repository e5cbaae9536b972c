package io.sealedsession.jedis.internal;

import io.sealedsession.core.SessionStoreUnavailableException;
import io.sealedsession.redis.RedisKeyspaceSubscriber;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.BinaryJedisPubSub;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.providers.ClusterConnectionProvider;

/**
 * Subscriptions to expired-key notifications on Jedis, which has no subscription that outlives its
 * connection: each one is a thread that opens a connection of its own, subscribes, blocks until
 * the connection ends, and starts again (at most once a second) until it is closed. On a Cluster
 * there is one such loop per node the client knows, replicas included (a replica publishes no
 * expiry, but is already subscribed when it is promoted), and the node list is looked at again
 * every second.
 */
public final class KeyspaceSubscriptions {

    private static final Logger LOG = LoggerFactory.getLogger(KeyspaceSubscriptions.class);
    private static final long RETRY_MILLIS = 1_000;
    /** How long subscribing waits for the first subscription to be confirmed. */
    private static final long FIRST_SUBSCRIPTION_MILLIS = 5_000;

    private KeyspaceSubscriptions() {}

    static byte[] expiredChannel(int database) {
        return ("__keyevent@" + database + "__:expired").getBytes(StandardCharsets.US_ASCII);
    }

    /** A subscription on one server; {@code connections} opens each connection (behind Sentinel, to the master of the moment). */
    public static Loop single(Supplier<Connection> connections, int database, Consumer<byte[]> expiredKey, String where) {
        Loop loop = new Loop(connections, expiredChannel(database), expiredKey, where);
        loop.start();
        if (!loop.awaitSubscribed(FIRST_SUBSCRIPTION_MILLIS)) {
            loop.close();
            throw new SessionStoreUnavailableException(where + " did not confirm the subscription to expired keys within "
                    + FIRST_SUBSCRIPTION_MILLIS + " ms");
        }
        return loop;
    }

    /** Subscriptions on every node of a Cluster, present and future. */
    public static RedisKeyspaceSubscriber.Subscription cluster(ClusterConnectionProvider provider, JedisClientConfig config,
            Consumer<byte[]> expiredKey) {
        byte[] channel = expiredChannel(0);
        Map<String, Loop> loops = new ConcurrentHashMap<>();
        AtomicBoolean closed = new AtomicBoolean();
        Runnable visit = () -> {
            for (String node : provider.getNodes().keySet()) {
                loops.computeIfAbsent(node, name -> {
                    HostAndPort address = HostAndPort.from(name);
                    Loop loop = new Loop(() -> new Connection(address, config), channel, expiredKey, "Cluster node " + name);
                    loop.start();
                    return loop;
                });
            }
        };
        visit.run();
        for (Map.Entry<String, Loop> loop : loops.entrySet()) {
            if (!loop.getValue().awaitSubscribed(FIRST_SUBSCRIPTION_MILLIS)) {
                LOG.warn("Cluster node {} did not confirm the subscription to expired keys yet; it keeps trying", loop.getKey());
            }
        }
        Thread watcher = new Thread(() -> {
            while (!closed.get()) {
                try {
                    Thread.sleep(RETRY_MILLIS);
                    visit.run();
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    LOG.debug("could not list the Cluster's nodes for the expiry subscription: {}", e.toString());
                }
            }
        }, "sealed-sessions-jedis-keyspace-nodes");
        watcher.setDaemon(true);
        watcher.start();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                watcher.interrupt();
                loops.values().forEach(Loop::close);
            }
        };
    }

    /** One subscription, kept up by its own thread. */
    public static final class Loop implements RedisKeyspaceSubscriber.Subscription {

        private final Supplier<Connection> connections;
        private final byte[] channel;
        private final Consumer<byte[]> expiredKey;
        private final String where;
        private final AtomicBoolean closed = new AtomicBoolean();
        private final Thread thread;
        private volatile @Nullable Connection current;
        private volatile @Nullable BinaryJedisPubSub subscription;
        private final CountDownLatch subscribed = new CountDownLatch(1);

        private Loop(Supplier<Connection> connections, byte[] channel, Consumer<byte[]> expiredKey, String where) {
            this.connections = connections;
            this.channel = channel;
            this.expiredKey = expiredKey;
            this.where = where;
            this.thread = new Thread(this::run, "sealed-sessions-jedis-keyspace");
            this.thread.setDaemon(true);
        }

        private void start() {
            thread.start();
        }

        private void run() {
            while (!closed.get()) {
                try (Connection connection = connections.get()) {
                    current = connection;
                    BinaryJedisPubSub pubsub = new BinaryJedisPubSub() {
                        @Override
                        public void onMessage(byte[] from, byte[] message) {
                            expiredKey.accept(message);
                        }

                        @Override
                        public void onSubscribe(byte[] to, int subscriptions) {
                            subscribed.countDown();
                        }
                    };
                    subscription = pubsub;
                    if (closed.get()) {
                        return;
                    }
                    pubsub.proceed(connection, channel);
                } catch (RuntimeException e) {
                    if (!closed.get()) {
                        LOG.debug("expiry subscription to {} ended ({}); subscribing again", where, e.toString());
                    }
                } finally {
                    current = null;
                    subscription = null;
                }
                try {
                    Thread.sleep(RETRY_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private boolean awaitSubscribed(long millis) {
            try {
                return subscribed.await(millis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        /** Ends the current connection so that the next one is opened (after Sentinel announced a new master). */
        public void moveOn() {
            Connection connection = current;
            if (connection != null) {
                connection.close();
            }
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                BinaryJedisPubSub pubsub = subscription;
                if (pubsub != null && pubsub.isSubscribed()) {
                    try {
                        pubsub.unsubscribe();
                    } catch (RuntimeException ignored) {
                        // the connection is closed below either way
                    }
                }
                moveOn();
                thread.interrupt();
            }
        }
    }
}

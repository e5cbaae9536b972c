package io.sealedsession.lettuce.internal;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.event.ClusterTopologyChangedEvent;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.RedisClusterPubSubAdapter;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.sealedsession.redis.RedisKeyspaceSubscriber;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;

/**
 * Subscriptions to expired-key notifications on Lettuce's pub/sub connections. Lettuce
 * subscribes a pub/sub connection again by itself each time it reconnects; what is added here is
 * a new connection when Sentinel names a new master, and a subscription on every new Cluster
 * master when the topology changes.
 */
public final class KeyspaceSubscriptions {

    private static final Logger LOG = LoggerFactory.getLogger(KeyspaceSubscriptions.class);

    private KeyspaceSubscriptions() {}

    /** The channel of expired keys of {@code database}. */
    public static byte[] expiredChannel(int database) {
        return ("__keyevent@" + database + "__:expired").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * One server, or the master behind Sentinel ({@code uri} names the Sentinels then, and each
     * connection asks them where the master is).
     */
    public static Standalone standalone(RedisClient client, RedisURI uri, Consumer<byte[]> expiredKey) {
        return new Standalone(client, uri, expiredKey);
    }

    /** Every master of a Cluster, present and future. */
    public static RedisKeyspaceSubscriber.Subscription cluster(RedisClusterClient client, Consumer<byte[]> expiredKey) {
        byte[] channel = expiredChannel(0);
        StatefulRedisClusterPubSubConnection<byte[], byte[]> pubsub = client.connectPubSub(ByteArrayCodec.INSTANCE);
        pubsub.setNodeMessagePropagation(true);
        pubsub.addListener(new RedisClusterPubSubAdapter<>() {
            @Override
            public void message(RedisClusterNode node, byte[] from, byte[] message) {
                expiredKey.accept(message);
            }
        });
        pubsub.sync().upstream().commands().subscribe(channel);
        AtomicBoolean closed = new AtomicBoolean();
        Disposable topology = client.getResources().eventBus().get()
                .filter(ClusterTopologyChangedEvent.class::isInstance)
                .subscribe(changed -> {
                    if (closed.get()) {
                        return;
                    }
                    // Every master now, the promoted or added ones included; for the others
                    // SUBSCRIBE again changes nothing.
                    pubsub.async().upstream().commands().subscribe(channel);
                });
        return () -> {
            if (closed.compareAndSet(false, true)) {
                topology.dispose();
                pubsub.closeAsync();
            }
        };
    }

    /** A subscription on one connection, which {@link #reopen} replaces. */
    public static final class Standalone implements RedisKeyspaceSubscriber.Subscription {

        private final RedisClient client;
        private final RedisURI uri;
        private final Consumer<byte[]> expiredKey;
        private final byte[] channel;
        private final AtomicBoolean closed = new AtomicBoolean();
        private StatefulRedisPubSubConnection<byte[], byte[]> connection;

        private Standalone(RedisClient client, RedisURI uri, Consumer<byte[]> expiredKey) {
            this.client = client;
            this.uri = uri;
            this.expiredKey = expiredKey;
            this.channel = expiredChannel(uri.getDatabase());
            this.connection = open();
        }

        private StatefulRedisPubSubConnection<byte[], byte[]> open() {
            StatefulRedisPubSubConnection<byte[], byte[]> fresh = client.connectPubSub(ByteArrayCodec.INSTANCE, uri);
            fresh.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(byte[] from, byte[] message) {
                    expiredKey.accept(message);
                }
            });
            fresh.sync().subscribe(channel);
            return fresh;
        }

        /** Subscribes on a new connection (after Sentinel announced a new master), then drops the old one. */
        public void reopen() {
            StatefulRedisPubSubConnection<byte[], byte[]> fresh;
            try {
                fresh = open();
            } catch (RedisException e) {
                LOG.warn("could not subscribe to expired keys on the new master; the old subscription stays: {}", e.toString());
                return;
            }
            StatefulRedisPubSubConnection<byte[], byte[]> previous;
            synchronized (this) {
                if (closed.get()) {
                    fresh.closeAsync();
                    return;
                }
                previous = connection;
                connection = fresh;
            }
            previous.closeAsync();
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                synchronized (this) {
                    connection.closeAsync();
                }
            }
        }
    }
}

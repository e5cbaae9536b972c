package io.sealedsession.lettuce.internal;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import io.sealedsession.redis.RedisAddress;
import io.sealedsession.redis.spi.SentinelSwitch;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every Sentinel's {@code +switch-master} on Lettuce's pub/sub connections, handed to a
 * {@link SentinelSwitch}. Best effort: a Sentinel that cannot be subscribed to is logged and
 * skipped, and the connection's own reconnects still re-resolve the master. Thread-safe;
 * {@link #close()} is idempotent.
 */
public final class SentinelWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SentinelWatch.class);

    private final SentinelSwitch follow;
    private final List<StatefulRedisPubSubConnection<String, String>> subscriptions = new CopyOnWriteArrayList<>();

    private SentinelWatch(SentinelSwitch follow) {
        this.follow = follow;
    }

    /**
     * Subscribes to every Sentinel of {@code sentinelUri} (a URI with Sentinels and a master id).
     *
     * @param onSwitch called with the new master once a Sentinel answers with it
     */
    public static SentinelWatch start(RedisClient client, RedisURI sentinelUri, Consumer<RedisAddress> onSwitch) {
        String masterName = sentinelUri.getSentinelMasterId();
        SentinelWatch watch = new SentinelWatch(new SentinelSwitch(masterName, () -> {
            try (StatefulRedisSentinelConnection<String, String> sentinel = client.connectSentinel(sentinelUri)) {
                SocketAddress address = sentinel.sync().getMasterAddrByName(masterName);
                return address instanceof InetSocketAddress inet ? new RedisAddress(inet.getHostString(), inet.getPort()) : null;
            }
        }, onSwitch));
        for (RedisURI sentinel : sentinelUri.getSentinels()) {
            try {
                StatefulRedisPubSubConnection<String, String> subscription = client.connectPubSub(sentinel);
                subscription.addListener(new RedisPubSubAdapter<>() {
                    @Override
                    public void message(String channel, String message) {
                        watch.follow.announced(message);
                    }
                });
                subscription.sync().subscribe(SentinelSwitch.CHANNEL);
                watch.subscriptions.add(subscription);
            } catch (RedisException e) {
                LOG.warn("cannot follow failover announcements of the Sentinel at {}:{} ({}); the connection still "
                        + "finds a new master when it reconnects", sentinel.getHost(), sentinel.getPort(), e.toString());
            }
        }
        return watch;
    }

    @Override
    public void close() {
        follow.close();
        for (StatefulRedisPubSubConnection<String, String> subscription : subscriptions) {
            try {
                subscription.close();
            } catch (RuntimeException e) {
                LOG.debug("closing a Sentinel subscription failed: {}", e.toString());
            }
        }
        subscriptions.clear();
    }
}

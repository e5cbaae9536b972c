package io.sealedsession.lettuce.internal;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens to every Sentinel's {@code +switch-master} announcement for one master and, when the
 * master changes, waits until the Sentinels answer with the new address and then calls back, so
 * that the caller moves its connection at once.
 *
 * <p>Why: a manual {@code SENTINEL FAILOVER} leaves the old master running and writable until the
 * Sentinels reconfigure it, seconds later; a connection that stays on it until then writes into
 * data that will be discarded. A killed master needs no announcement (the connection drops and
 * its reconnect asks the Sentinels), but the announcement does no harm there either.
 *
 * <p>Best effort: a Sentinel that cannot be subscribed to is logged and skipped, and the
 * connection's own reconnects still re-resolve the master. Announcements are handled one at a
 * time on a thread of this watch, never on Lettuce's event loop. Thread-safe; {@link #close()} is
 * idempotent.
 */
public final class SentinelWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SentinelWatch.class);
    private static final String CHANNEL = "+switch-master";

    private final RedisClient client;
    private final RedisURI sentinelUri;
    private final String masterName;
    private final Consumer<String> onSwitch;
    private final List<StatefulRedisPubSubConnection<String, String>> subscriptions = new CopyOnWriteArrayList<>();
    private final ExecutorService worker;
    private final AtomicReference<String> lastHandled = new AtomicReference<>("");

    private SentinelWatch(RedisClient client, RedisURI sentinelUri, String masterName, Consumer<String> onSwitch) {
        this.client = client;
        this.sentinelUri = sentinelUri;
        this.masterName = masterName;
        this.onSwitch = onSwitch;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "sealed-sessions-sentinel-watch");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Subscribes to every Sentinel of {@code sentinelUri} (a URI with Sentinels and a master id).
     *
     * @param onSwitch called with the new master's {@code host:port} once a Sentinel answers with it
     */
    public static SentinelWatch start(RedisClient client, RedisURI sentinelUri, Consumer<String> onSwitch) {
        SentinelWatch watch = new SentinelWatch(client, sentinelUri, sentinelUri.getSentinelMasterId(), onSwitch);
        for (RedisURI sentinel : sentinelUri.getSentinels()) {
            try {
                StatefulRedisPubSubConnection<String, String> subscription = client.connectPubSub(sentinel);
                subscription.addListener(new RedisPubSubAdapter<>() {
                    @Override
                    public void message(String channel, String message) {
                        watch.announced(message);
                    }
                });
                subscription.sync().subscribe(CHANNEL);
                watch.subscriptions.add(subscription);
            } catch (RedisException e) {
                LOG.warn("cannot follow failover announcements of the Sentinel at {}:{} ({}); the connection still "
                        + "finds a new master when it reconnects", sentinel.getHost(), sentinel.getPort(), e.toString());
            }
        }
        return watch;
    }

    /* "<master name> <old ip> <old port> <new ip> <new port>" */
    private void announced(String message) {
        String[] parts = message.split(" ");
        if (parts.length != 5 || !parts[0].equals(masterName)) {
            return;
        }
        String next = parts[3] + ":" + parts[4];
        worker.execute(() -> {
            if (next.equals(lastHandled.get())) {
                return; // every Sentinel announces the same switch
            }
            if (awaitSentinelsAnswer(parts[3], Integer.parseInt(parts[4]))) {
                lastHandled.set(next);
                onSwitch.accept(next);
            }
        });
    }

    /*
     * The Sentinel that announced knows the new master; the one a connection asks first may learn
     * it a moment later. Ask as a connection would, until the answer is the announced address.
     */
    private boolean awaitSentinelsAnswer(String host, int port) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            try (StatefulRedisSentinelConnection<String, String> sentinel = client.connectSentinel(sentinelUri)) {
                SocketAddress address = sentinel.sync().getMasterAddrByName(masterName);
                if (address instanceof InetSocketAddress inet && inet.getHostString().equals(host) && inet.getPort() == port) {
                    return true;
                }
            } catch (RedisException e) {
                LOG.debug("asking the Sentinels for master '{}' failed: {}", masterName, e.toString());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        LOG.warn("the Sentinels announced {}:{} as master '{}' but did not answer with it within 5 s; the connection "
                + "stays where it is until it reconnects", host, port, masterName);
        return false;
    }

    @Override
    public void close() {
        worker.shutdownNow();
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

package io.sealedsession.jedis.internal;

import io.sealedsession.redis.RedisAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.JedisPubSub;
import io.sealedsession.redis.spi.SentinelSwitch;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The master of one Sentinel-monitored group: asked of the Sentinels whenever a connection is
 * made ({@link #resolve()}), and followed through the Sentinels' {@code +switch-master}
 * announcements ({@link #watch(Runnable)}).
 *
 * <p>Why not Jedis's {@code SentineledConnectionProvider}: it keeps the master's address and
 * reconnects to it until an announcement arrives, and while its subscription to the Sentinels is
 * being re-established (every 5 s) announcements are missed. A restarted old master, empty and
 * still believing it is master until the Sentinels convert it, would then serve reads and take
 * writes that are lost (a logout's delete among them). Asking on every connection costs one round
 * trip to a Sentinel per new pooled connection, which is rare.
 *
 * <p>Thread-safe. {@link #close()} ends the watch threads; it is idempotent.
 */
public final class SentinelMaster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SentinelMaster.class);
    private static final long RESUBSCRIBE_MILLIS = 1000;

    private final List<RedisAddress> sentinels;
    private final String masterName;
    private final Function<RedisAddress, Connection> connector;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<Connection> subscriptions = new CopyOnWriteArrayList<>();
    private volatile @Nullable SentinelSwitch switches;

    /**
     * @param connector opens a logged-in connection to a Sentinel (TLS and credentials as configured)
     */
    public SentinelMaster(List<RedisAddress> sentinels, String masterName, Function<RedisAddress, Connection> connector) {
        this.sentinels = List.copyOf(sentinels);
        this.masterName = masterName;
        this.connector = connector;
    }

    /**
     * The master's address as the first Sentinel that answers gives it.
     *
     * @throws JedisConnectionException when no Sentinel answers or none knows the master
     */
    public RedisAddress resolve() {
        JedisConnectionException failure = new JedisConnectionException("no Sentinel named the master '" + masterName + "'");
        CommandArguments ask = new CommandArguments(Protocol.Command.SENTINEL).add("get-master-addr-by-name").add(masterName);
        for (RedisAddress sentinel : sentinels) {
            try (Connection connection = connector.apply(sentinel)) {
                List<String> address = connection.executeCommand(new CommandObject<>(ask, BuilderFactory.STRING_LIST));
                if (address != null && address.size() == 2) {
                    return new RedisAddress(address.get(0), Integer.parseInt(address.get(1)));
                }
                failure.addSuppressed(new JedisException("the Sentinel at " + sentinel + " does not know the master"));
            } catch (JedisException | IllegalArgumentException e) {
                failure.addSuppressed(e);
            }
        }
        throw failure;
    }

    /**
     * Subscribes to every Sentinel's {@code +switch-master}, on a thread each that resubscribes
     * after a lost connection. When a switch of this master is announced and the Sentinels answer
     * with the new address, calls {@code onSwitch} (on a thread of this object). Best effort: the
     * pool's connections resolve the master anyway whenever they are made.
     */
    public void watch(Runnable onSwitch) {
        SentinelSwitch follow = new SentinelSwitch(masterName, this::resolve, master -> onSwitch.run());
        switches = follow;
        for (RedisAddress sentinel : sentinels) {
            daemon(() -> subscribeWhileOpen(sentinel, follow), "sealed-sessions-jedis-sentinel-watch-" + sentinel).start();
        }
    }

    private void subscribeWhileOpen(RedisAddress sentinel, SentinelSwitch follow) {
        while (!closed.get()) {
            Connection connection = null;
            try {
                connection = connector.apply(sentinel);
                subscriptions.add(connection);
                if (closed.get()) {
                    return;
                }
                connection.setTimeoutInfinite();
                new JedisPubSub() {
                    @Override
                    public void onMessage(String channel, String message) {
                        follow.announced(message);
                    }
                }.proceed(connection, SentinelSwitch.CHANNEL);
            } catch (JedisException e) {
                if (!closed.get()) {
                    LOG.debug("following the Sentinel at {} failed ({}); subscribing again", sentinel, e.toString());
                }
            } finally {
                if (connection != null) {
                    subscriptions.remove(connection);
                    connection.disconnect();
                }
            }
            sleepQuietly(RESUBSCRIBE_MILLIS);
        }
    }

    private static boolean sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        SentinelSwitch follow = switches;
        if (follow != null) {
            follow.close();
        }
        for (Connection subscription : subscriptions) {
            // Closing the socket ends the blocked read of its watch thread.
            subscription.disconnect();
        }
    }
}

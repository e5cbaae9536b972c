package io.sealedsession.jedis.internal;

import io.sealedsession.redis.RedisErrors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisAskDataException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisRedirectionException;
import redis.clients.jedis.executors.CommandExecutor;
import redis.clients.jedis.providers.ClusterConnectionProvider;

/**
 * Runs each command on the Cluster node that serves its key's slot, following {@code MOVED} and
 * {@code ASK} (up to {@value #MAX_REDIRECTS} redirects), and a marked write's {@code WAIT} on the
 * connection that took the write (see {@link ReplicaWait}).
 *
 * <p>Jedis's own Cluster executor is not used because it re-sends a command after a lost
 * connection or a timeout, and a write whose reply was lost may have been applied (a re-sent
 * {@code SET NX} would then report the session's own record as a collision); here such a command
 * fails, and the store's caller sees the service as unavailable. It also leaves no place to send
 * {@code WAIT} on the connection of the write.
 *
 * <p>The slot map is read again in the background, at most every {@value #REFRESH_SPACING_MILLIS}
 * ms, after a {@code MOVED}, a lost connection, a slot no node serves, or a transient error reply
 * ({@code CLUSTERDOWN}, {@code READONLY}, ...), so that a failover or a migration is followed
 * within a second of its end; the provider also reads it periodically. Request threads never wait
 * for a refresh. Thread-safe.
 */
public final class ClusterExecutor implements CommandExecutor {

    /** Redirects followed per command, as in the Lettuce adapter. */
    public static final int MAX_REDIRECTS = 5;
    private static final long REFRESH_SPACING_MILLIS = 250;
    private static final Logger LOG = LoggerFactory.getLogger(ClusterExecutor.class);
    private static final CommandObject<String> ASKING = new CommandObject<>(
            new CommandArguments(Protocol.Command.ASKING), redis.clients.jedis.BuilderFactory.STRING);

    private final ClusterConnectionProvider provider;
    private final ExecutorService refresher;
    private final AtomicBoolean refreshQueued = new AtomicBoolean();
    private volatile long lastRefreshNanos = System.nanoTime();

    public ClusterExecutor(ClusterConnectionProvider provider) {
        this.provider = provider;
        this.refresher = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "sealed-sessions-jedis-cluster-refresh");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public <T> T executeCommand(CommandObject<T> command) {
        HostAndPort redirect = null;
        boolean asking = false;
        for (int redirects = 0; ; redirects++) {
            Connection connection;
            try {
                connection = redirect == null ? provider.getConnection(command.getArguments()) : provider.getConnection(redirect);
            } catch (JedisException e) {
                // No node for the slot yet, or its node cannot be reached: the map may be stale.
                refreshSoon();
                throw e;
            }
            try (connection) {
                if (asking) {
                    connection.executeCommand(ASKING);
                }
                T result = connection.executeCommand(command);
                ReplicaWait.afterCommand(connection, command, result);
                return result;
            } catch (JedisRedirectionException e) {
                if (redirects >= MAX_REDIRECTS) {
                    refreshSoon();
                    throw e;
                }
                asking = e instanceof JedisAskDataException;
                redirect = e.getTargetNode();
                if (!asking) {
                    refreshSoon();
                }
            } catch (JedisConnectionException e) {
                refreshSoon();
                throw e;
            } catch (JedisDataException e) {
                if (RedisErrors.isTransient(String.valueOf(e.getMessage()))) {
                    refreshSoon();
                }
                throw e;
            }
        }
    }

    /** Queues one refresh of the slot map unless one is queued already. */
    private void refreshSoon() {
        if (!refreshQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            refresher.execute(this::refresh);
        } catch (RuntimeException closed) {
            refreshQueued.set(false);
        }
    }

    private void refresh() {
        try {
            long wait = REFRESH_SPACING_MILLIS - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastRefreshNanos);
            if (wait > 0) {
                Thread.sleep(wait);
            }
            // Cleared before reading, so that an event during the read queues another.
            refreshQueued.set(false);
            lastRefreshNanos = System.nanoTime();
            provider.renewSlotCache();
        } catch (InterruptedException e) {
            // Closing: the executor no longer runs commands.
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.debug("reading the Cluster's slot map failed: {}", describe(e));
        }
    }

    private static String describe(@Nullable Throwable e) {
        return e == null ? "" : e.toString();
    }

    @Override
    public void close() {
        refresher.shutdownNow();
    }
}

package io.sealedsession.lettuce;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import io.sealedsession.core.SessionStoreUnavailableException;
import io.sealedsession.lettuce.internal.KeyspaceSubscriptions;
import io.sealedsession.lettuce.internal.Options;
import io.sealedsession.lettuce.internal.ReplyOutput;
import io.sealedsession.lettuce.internal.SentinelWatch;
import io.sealedsession.redis.RedisAddress;
import io.sealedsession.redis.RedisCommandExecutor;
import io.sealedsession.redis.RedisCommandRejectedException;
import io.sealedsession.redis.RedisKeyspaceSubscriber;
import io.sealedsession.redis.RedisReply;
import io.sealedsession.redis.RedisScriptNotLoadedException;
import io.sealedsession.redis.RedisStoreConfig;
import io.sealedsession.redis.RedisTopology;
import io.sealedsession.redis.spi.AbstractRedisCommandExecutor;
import io.sealedsession.redis.spi.ConnectionPlan;
import io.sealedsession.redis.spi.Durability;
import io.sealedsession.redis.spi.Failure;
import io.sealedsession.redis.spi.RedisCall;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RedisCommandExecutor} on Lettuce with the byte-array codec, for one server, a Redis
 * Cluster or a master behind Sentinel. The commands, replies and errors are
 * {@link AbstractRedisCommandExecutor}'s; this class holds Lettuce's connections. See
 * {@code docs/cluster.md} for how each deployment is followed through failovers.
 *
 * <ul>
 *   <li><b>Thread safety.</b> One thread-safe connection, multiplexed, shared by every caller;
 *       no connection state ({@code MULTI}, blocking commands, {@code SELECT} after connecting).</li>
 *   <li><b>Cluster.</b> Each command goes to the master of its key's slot (up to 5 redirects);
 *       the slot map is read again on events and every 10 s; {@code SCRIPT LOAD} goes to every
 *       node Lettuce knows; {@code WAIT} to the pooled connection of the write's node.</li>
 *   <li><b>Sentinel.</b> The master's address is asked of the Sentinels on every (re)connect and
 *       the connection moves when they announce a new master (Lettuce's master/replica connection
 *       would keep a demoted or restarted old master).</li>
 *   <li><b>Failures.</b> Every command waits at most the command timeout (for an application's
 *       connection, its own): then {@link SessionStoreUnavailableException}, as for a lost
 *       connection or a transient error reply; other error replies are
 *       {@link RedisCommandRejectedException}, {@code NOSCRIPT} is
 *       {@link RedisScriptNotLoadedException}. Reconnects are at most 1 s apart.</li>
 *   <li><b>Ownership.</b> What {@link #connect(RedisStoreConfig)} and
 *       {@link #connect(RedisClient, RedisURI)} open, {@link #close()} closes; a connection passed
 *       to {@link #using} stays the application's.</li>
 * </ul>
 */
public final class LettuceCommandExecutor extends AbstractRedisCommandExecutor implements RedisKeyspaceSubscriber {

    private static final Logger LOG = LoggerFactory.getLogger(LettuceCommandExecutor.class);

    /** The connections, shared by this executor and its views with another durability. */
    private static final class Link {
        /* Replaced only behind Sentinel, when the Sentinels announce a new master. */
        volatile StatefulConnection<byte[], byte[]> connection;
        volatile RedisClusterCommands<byte[], byte[]> redis;
        final @Nullable StatefulRedisClusterConnection<byte[], byte[]> cluster;
        volatile Runnable release = () -> {};
        /* How this executor opens a subscription to expired keys; null on an application's connection. */
        volatile @Nullable Function<Consumer<byte[]>, Subscription> keyspace;
        /* Behind Sentinel: subscriptions that move to each master the Sentinels announce. */
        final Set<KeyspaceSubscriptions.Standalone> followingMaster = ConcurrentHashMap.newKeySet();

        Link(StatefulRedisConnection<byte[], byte[]> connection) {
            this.connection = connection;
            this.redis = connection.sync();
            this.cluster = null;
        }

        Link(StatefulRedisClusterConnection<byte[], byte[]> connection) {
            this.connection = connection;
            this.redis = connection.sync();
            this.cluster = connection;
        }
    }

    private final Link link;

    private LettuceCommandExecutor(Link link, String where, Durability durability) {
        super(where, durability, link.connection.getTimeout());
        this.link = link;
    }

    private LettuceCommandExecutor(LettuceCommandExecutor same, Durability durability) {
        super(same, durability);
        this.link = same.link;
    }

    @Override
    protected AbstractRedisCommandExecutor withOtherDurability(Durability durability) {
        return new LettuceCommandExecutor(this, durability);
    }

    @Override
    protected void release() {
        link.release.run();
    }

    /**
     * Connects with a Lettuce client of its own, as the config's {@link ConnectionPlan} says: TLS
     * verifying every certificate and host name ({@link SslVerifyMode#FULL}), the plaintext rule
     * for every host Lettuce resolves, the data nodes' and the Sentinels' credentials, the
     * timeouts and the durability.
     *
     * @throws IllegalArgumentException when the configuration or the TLS material cannot be used
     * @throws SessionStoreUnavailableException when Redis cannot be reached or refuses the login
     */
    public static LettuceCommandExecutor connect(RedisStoreConfig config) {
        ConnectionPlan plan = ConnectionPlan.of(config);
        ClientResources resources = Options.resources(plan);
        RedisTopology topology = plan.topology();
        if (topology instanceof RedisTopology.Standalone standalone) {
            RedisURI uri = Options.dataNodeUri(plan, standalone.server());
            RedisClient client = RedisClient.create(resources);
            return connecting(plan, client, resources, () -> {
                client.setOptions(Options.clientOptions(plan));
                Link link = new Link(client.connect(ByteArrayCodec.INSTANCE, uri));
                link.keyspace = listener -> KeyspaceSubscriptions.standalone(client, uri, listener);
                return link;
            });
        }
        if (topology instanceof RedisTopology.Cluster cluster) {
            RedisClusterClient client = RedisClusterClient.create(resources,
                    cluster.seeds().stream().map(seed -> Options.dataNodeUri(plan, seed)).toList());
            return connecting(plan, client, resources, () -> {
                client.setOptions(Options.clusterOptions(plan));
                Link link = new Link(client.connect(ByteArrayCodec.INSTANCE));
                link.keyspace = listener -> KeyspaceSubscriptions.cluster(client, listener);
                return link;
            });
        }
        RedisURI sentinelUri = Options.sentinelUri(plan, (RedisTopology.Sentinel) topology);
        RedisClient client = RedisClient.create(resources);
        return connecting(plan, client, resources, () -> {
            client.setOptions(Options.clientOptions(plan));
            // Reads go to the master too: a session just written must be read back from where it was written.
            Link link = new Link(client.connect(ByteArrayCodec.INSTANCE, sentinelUri));
            SentinelWatch watch = SentinelWatch.start(client, sentinelUri,
                    master -> moveToMaster(link, plan.where(), client, sentinelUri, master));
            link.release = watch::close;
            link.keyspace = listener -> {
                KeyspaceSubscriptions.Standalone subscription = KeyspaceSubscriptions.standalone(client, sentinelUri, listener);
                link.followingMaster.add(subscription);
                return () -> {
                    link.followingMaster.remove(subscription);
                    subscription.close();
                };
            };
            return link;
        });
    }

    /**
     * Runs a client's connect step. When it fails, the client and its resources are shut down
     * before the failure is reported; when it succeeds, the executor's close shuts them down
     * after the link's own connections.
     */
    private static LettuceCommandExecutor connecting(ConnectionPlan plan, AbstractRedisClient client,
            ClientResources resources, java.util.function.Supplier<Link> connect) {
        Runnable shutdown = () -> {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        };
        Link link;
        try {
            link = connect.get();
        } catch (RedisException e) {
            shutdown.run();
            throw failed(plan.where(), "connect", failure(e), e);
        } catch (RuntimeException e) {
            shutdown.run();
            throw e;
        }
        Runnable own = link.release;
        link.release = () -> {
            own.run();
            link.connection.close();
            shutdown.run();
        };
        return new LettuceCommandExecutor(link, plan.where(), plan.durability());
    }

    /*
     * Behind Sentinel: a new connection, resolved through the Sentinels (which answer with the
     * announced master by now), replaces the current one. Failing that, the current connection
     * stays; its reconnects re-resolve the master anyway.
     */
    private static void moveToMaster(Link link, String where, RedisClient client, RedisURI sentinelUri, RedisAddress master) {
        StatefulConnection<byte[], byte[]> previous;
        try {
            StatefulRedisConnection<byte[], byte[]> fresh = client.connect(ByteArrayCodec.INSTANCE, sentinelUri);
            synchronized (link) {
                previous = link.connection;
                link.connection = fresh;
                link.redis = fresh.sync();
            }
        } catch (RedisException e) {
            LOG.warn("the Sentinels announced a new master {} for {}, but connecting to it failed: {}", master, where,
                    e.toString());
            return;
        }
        LOG.info("the Sentinels announced a new master {} for {}; moved the connection to it", master, where);
        previous.closeAsync();
        link.followingMaster.forEach(KeyspaceSubscriptions.Standalone::reopen);
    }

    /**
     * Opens a byte-array connection on the application's client. The connection is this
     * executor's and {@link #close()} closes it; the client stays the application's. Its options
     * (timeouts, TLS, reconnection) are the client's.
     *
     * @throws SessionStoreUnavailableException when Redis cannot be reached
     */
    public static LettuceCommandExecutor connect(RedisClient client, RedisURI uri) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(uri, "uri");
        String where = "Redis at " + (uri.isSsl() ? "rediss://" : "redis://") + uri.getHost() + ":" + uri.getPort()
                + "/" + uri.getDatabase();
        try {
            Link link = new Link(client.connect(ByteArrayCodec.INSTANCE, uri));
            link.release = link.connection::close;
            link.keyspace = listener -> KeyspaceSubscriptions.standalone(client, uri, listener);
            return new LettuceCommandExecutor(link, where, Durability.NONE);
        } catch (RedisException e) {
            throw failed(where, "connect", failure(e), e);
        }
    }

    /**
     * Uses the application's byte-array connection, which stays the application's: {@link #close()}
     * leaves it open. Commands wait as long as the connection's own timeout, which must be finite
     * (Lettuce's default is 60 s; 2 s suits a web request better). A master/replica connection
     * (Sentinel) works too; it should read from the master.
     */
    public static LettuceCommandExecutor using(StatefulRedisConnection<byte[], byte[]> connection) {
        return new LettuceCommandExecutor(new Link(Objects.requireNonNull(connection, "connection")),
                "Redis (the application's Lettuce connection)", Durability.NONE);
    }

    /**
     * Uses the application's byte-array Redis Cluster connection, which stays the application's:
     * {@link #close()} leaves it open. How it follows topology changes is up to the client's
     * options (see the class description for what {@link #connect(RedisStoreConfig)} sets).
     */
    public static LettuceCommandExecutor using(StatefulRedisClusterConnection<byte[], byte[]> connection) {
        return new LettuceCommandExecutor(new Link(Objects.requireNonNull(connection, "connection")),
                "Redis Cluster (the application's Lettuce connection)", Durability.NONE);
    }

    /**
     * {@inheritDoc}
     *
     * <p>On its own pub/sub connections, which Lettuce subscribes again after each reconnect: one
     * to the server; behind Sentinel one to the master, replaced when the Sentinels announce a new
     * one; on a Cluster one per master, and a subscription on every master each time the topology
     * changes. Not available on a connection the application handed to {@link #using}.
     */
    @Override
    public Subscription subscribeToExpiredKeys(Consumer<byte[]> expiredKey) {
        Objects.requireNonNull(expiredKey, "expiredKey");
        Function<Consumer<byte[]>, Subscription> open = link.keyspace;
        if (open == null) {
            throw new UnsupportedOperationException("an executor on the application's own Lettuce connection cannot open "
                    + "a subscription; connect the executor with a client (connect(RedisClient, RedisURI) or connect(config))");
        }
        return guarded("SUBSCRIBE", () -> open.apply(expiredKey));
    }

    /**
     * Whether the connection is open at this moment (it may be reconnecting). For a Cluster, the
     * connection to the seed it was opened through; nodes have connections of their own.
     */
    public boolean isConnected() {
        return link.connection.isOpen();
    }

    @Override
    protected RedisReply send(RedisCall call) {
        return ReplyOutput.dispatch(link.redis, call);
    }

    @Override
    protected Written sendAndWait(RedisCall call, Predicate<RedisReply> changed, Durability durability) {
        // The connection that carries the write carries its WAIT: behind Sentinel, even while it is replaced.
        RedisClusterCommands<byte[], byte[]> redis = link.redis;
        RedisReply reply = ReplyOutput.dispatch(redis, call);
        if (!changed.test(reply)) {
            return Written.unwaited(reply);
        }
        StatefulRedisClusterConnection<byte[], byte[]> nodes = link.cluster;
        if (nodes != null) {
            RedisClusterNode node = nodes.getPartitions().getPartitionBySlot(SlotHash.getSlot(call.routingKey()));
            if (node == null) {
                throw new RedisConnectionException("no Cluster node serves the slot of the key just written");
            }
            // The pooled write connection to the slot's node: the one the write went through.
            redis = nodes.getConnection(node.getUri().getHost(), node.getUri().getPort()).sync();
        }
        return new Written(reply, acknowledged(ReplyOutput.dispatch(redis, waitCall(call.routingKey(), durability))));
    }

    /*
     * Every node Lettuce knows, replicas included, so that a replica promoted later already has
     * the script. Nodes flagged as failed are not waited for.
     */
    @Override
    protected Map<String, CompletableFuture<RedisReply>> sendToEveryNode(RedisCall call) {
        StatefulRedisClusterConnection<byte[], byte[]> nodes = link.cluster;
        if (nodes == null) {
            return super.sendToEveryNode(call);
        }
        Map<String, CompletableFuture<RedisReply>> replies = new LinkedHashMap<>();
        for (RedisClusterNode node : nodes.getPartitions()) {
            if (node.is(RedisClusterNode.NodeFlag.FAIL) || node.is(RedisClusterNode.NodeFlag.NOADDR)
                    || node.is(RedisClusterNode.NodeFlag.HANDSHAKE)) {
                continue;
            }
            RedisURI uri = node.getUri();
            try {
                replies.put(uri.getHost() + ":" + uri.getPort(), nodes.getConnectionAsync(uri.getHost(), uri.getPort())
                        .thenCompose(c -> c.async().dispatch(ReplyOutput.keyword(call), new ReplyOutput(), ReplyOutput.arguments(call)))
                        .toCompletableFuture());
            } catch (RedisException e) {
                replies.put(uri.getHost() + ":" + uri.getPort(), CompletableFuture.failedFuture(e));
            }
        }
        return replies;
    }

    @Override
    protected Failure classify(Throwable failure) {
        return failure(failure);
    }

    private static Failure failure(Throwable e) {
        if (e instanceof RedisNoScriptException) {
            return Failure.of(Failure.Kind.NO_SCRIPT);
        }
        if (e instanceof RedisCommandExecutionException) {
            return Failure.serverError(String.valueOf(e.getMessage()));
        }
        if (e instanceof RedisCommandInterruptedException) {
            return Failure.of(Failure.Kind.INTERRUPTED);
        }
        if (e instanceof RedisCommandTimeoutException) {
            return Failure.of(Failure.Kind.TIMEOUT);
        }
        if (e instanceof RedisConnectionException) {
            return Failure.of(Failure.Kind.UNREACHABLE);
        }
        // Lettuce cancels the commands queued on a connection that is closed: behind Sentinel,
        // the one replaced by a connection to the new master.
        return Failure.of(e instanceof CancellationException ? Failure.Kind.MOVED : Failure.Kind.OTHER);
    }
}

package io.sealedsession.lettuce;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.ProtocolKeyword;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.sealedsession.core.SessionStoreUnavailableException;
import io.sealedsession.lettuce.internal.KeyspaceSubscriptions;
import io.sealedsession.lettuce.internal.PlaintextGuard;
import io.sealedsession.lettuce.internal.ReplyOutput;
import io.sealedsession.lettuce.internal.SentinelWatch;
import io.sealedsession.redis.RedisAddress;
import io.sealedsession.redis.RedisCommandExecutor;
import io.sealedsession.redis.RedisCommandRejectedException;
import io.sealedsession.redis.RedisCredentials;
import io.sealedsession.redis.RedisErrors;
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
 * {@link RedisCommandExecutor} on Lettuce with the byte-array codec, for every deployment a
 * {@link RedisTopology} describes: one server, a Redis Cluster, or a master behind Sentinel. The
 * commands, their replies and errors are {@link AbstractRedisCommandExecutor}'s; this class holds
 * Lettuce's connections.
 *
 * <p><b>Thread safety.</b> A Lettuce connection is thread-safe and multiplexes the commands of all
 * threads over one socket per node; this executor shares its connection among all callers and uses
 * no connection state (no {@code MULTI}, no blocking commands, no {@code SELECT} after connecting).
 *
 * <p><b>Cluster</b> ({@link #connect(RedisStoreConfig)} with a {@code redis-cluster://} URI, or
 * {@link #using(StatefulRedisClusterConnection)}). Each command goes to the master that serves its
 * key's slot; Lettuce follows {@code MOVED} and {@code ASK} redirects (up to 5 per command). The
 * slot map is read again when a redirect, a persistent reconnect, an unknown node or an uncovered
 * slot shows it changed (adaptive refresh, at most once a second) and every 10 seconds regardless,
 * so that migrations and failovers are followed without a restart. {@code SCRIPT LOAD} goes to
 * every node Lettuce knows, masters and replicas, tolerating nodes that are down (see
 * {@link RedisCommandExecutor#scriptLoad}). With durability, {@code WAIT} goes over the pooled
 * connection to the node that serves the key's slot, the one the write went through.
 *
 * <p><b>Sentinel</b> ({@code redis-sentinel://}). One connection to the master, whose address is
 * asked of the Sentinels each time the connection is (re)established, never remembered: when the
 * master dies the connection drops, and the reconnect finds the promoted replica. When a failover
 * leaves the old master running ({@code SENTINEL FAILOVER}), it stays writable until the Sentinels
 * reconfigure it seconds later; so the executor also listens to the Sentinels' {@code +switch-master}
 * announcements and, once the Sentinels answer with the new master, replaces its connection with
 * one to it (commands in flight on the old one fail as unavailable). Lettuce's master/replica
 * connection is not used: it reconnects to the address it knew, and follows the Sentinels'
 * announcements at most every 5 seconds, so a restarted old master could serve reads and take
 * writes that are then lost, including the deletion of a session that was signed out.
 *
 * <p><b>Failures.</b> Every command waits at most the command timeout (default 2 s, from
 * {@link RedisStoreConfig#commandTimeout()}; for an application's own connection, that
 * connection's timeout). A timeout, a refused or lost connection, a transient error reply
 * ({@code CLUSTERDOWN}, {@code TRYAGAIN}, {@code READONLY}, exhausted redirects, ...) becomes a
 * plain {@link SessionStoreUnavailableException}; another error reply becomes a
 * {@link RedisCommandRejectedException}; {@code NOSCRIPT} becomes
 * {@link RedisScriptNotLoadedException} (see {@link RedisErrors}). Lettuce reconnects by itself
 * (attempts at most 1 s apart on connections opened here), so the same executor works again
 * without being rebuilt. Messages name hosts, never a password.
 *
 * <p><b>Security.</b> TLS verifies the certificate and host name of every node and Sentinel.
 * Plaintext is refused to any host that is not a loopback address, including nodes that a Cluster
 * or Sentinel announces later, unless the configuration allows it.
 *
 * <p><b>Ownership.</b> What {@link #connect(RedisStoreConfig)} opens (client, threads, connection)
 * and the connection {@link #connect(RedisClient, RedisURI)} opens are closed by {@link #close()}.
 * A connection passed to {@link #using} belongs to the application, which closes it.
 */
public final class LettuceCommandExecutor extends AbstractRedisCommandExecutor implements RedisKeyspaceSubscriber {

    private static final Logger LOG = LoggerFactory.getLogger(LettuceCommandExecutor.class);

    /*
     * Lettuce's default spaces reconnect attempts up to 30 s apart, so after a long outage a
     * recovered Redis could go unused for half a minute while every request fails. Capping the
     * delay at 1 s keeps recovery prompt; each attempt is one TCP connect, which is cheap.
     */
    private static final Delay RECONNECT_DELAY =
            Delay.exponential(Duration.ofMillis(5), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS);

    /*
     * How often a Cluster's slot map is read regardless of events, and how often events may cause
     * it to be read. Lettuce's default limit for events is 30 s, which would leave a failover's
     * second step (the replica's promotion) unseen for that long.
     */
    private static final Duration PERIODIC_REFRESH = Duration.ofSeconds(10);
    private static final Duration ADAPTIVE_REFRESH_LIMIT = Duration.ofSeconds(1);

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

    /**
     * Connects as {@code config} says, with a Lettuce client of its own, to whatever
     * {@link RedisStoreConfig#topology()} names, with the settings its {@link ConnectionPlan}
     * resolves: TLS verifies every certificate chain and host name (Lettuce's
     * {@link SslVerifyMode#FULL}), with the trust store and client certificate of the config for
     * every node and Sentinel; plaintext only to loopback hosts unless the config allows more,
     * checked for every host Lettuce resolves, including those a Cluster or Sentinel names later;
     * the credentials of the data nodes on every data node, the Sentinels' on the Sentinels; the
     * config's timeouts; the config's durability.
     *
     * @throws IllegalArgumentException when the configuration or the TLS material cannot be used
     * @throws SessionStoreUnavailableException when Redis cannot be reached or refuses the login
     */
    public static LettuceCommandExecutor connect(RedisStoreConfig config) {
        ConnectionPlan plan = ConnectionPlan.of(config);
        ClientResources resources = ClientResources.builder().reconnectDelay(RECONNECT_DELAY)
                .socketAddressResolver(new PlaintextGuard(plan.transport()))
                .build();
        RedisTopology topology = plan.topology();
        if (topology instanceof RedisTopology.Standalone standalone) {
            RedisURI uri = dataNodeUri(plan, standalone.server());
            RedisClient client = RedisClient.create(resources);
            return connecting(plan, client, resources, () -> {
                client.setOptions(clientOptions(plan));
                Link link = new Link(client.connect(ByteArrayCodec.INSTANCE, uri));
                link.keyspace = listener -> KeyspaceSubscriptions.standalone(client, uri, listener);
                return link;
            });
        }
        if (topology instanceof RedisTopology.Cluster cluster) {
            RedisClusterClient client = RedisClusterClient.create(resources,
                    cluster.seeds().stream().map(seed -> dataNodeUri(plan, seed)).toList());
            return connecting(plan, client, resources, () -> {
                client.setOptions(ClusterClientOptions.builder(clientOptions(plan))
                        .maxRedirects(5)
                        .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                                .enablePeriodicRefresh(PERIODIC_REFRESH)
                                .enableAllAdaptiveRefreshTriggers()
                                .adaptiveRefreshTriggersTimeout(ADAPTIVE_REFRESH_LIMIT)
                                .refreshTriggersReconnectAttempts(3)
                                .dynamicRefreshSources(true)
                                .closeStaleConnections(true)
                                .build())
                        .build());
                Link link = new Link(client.connect(ByteArrayCodec.INSTANCE));
                link.keyspace = listener -> KeyspaceSubscriptions.cluster(client, listener);
                return link;
            });
        }
        return connectSentinel(plan, (RedisTopology.Sentinel) topology, resources);
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

    private static LettuceCommandExecutor connectSentinel(ConnectionPlan plan, RedisTopology.Sentinel topology,
            ClientResources resources) {
        RedisURI.Builder uri = RedisURI.builder()
                .withSentinelMasterId(topology.masterName())
                .withDatabase(topology.database())
                .withSsl(topology.tls())
                .withVerifyPeer(SslVerifyMode.FULL)
                .withTimeout(plan.commandTimeout());
        plan.credentials().ifPresent(c -> withCredentials(uri, c));
        for (RedisAddress sentinel : topology.sentinels()) {
            RedisURI.Builder sentinelUri = RedisURI.builder()
                    .withHost(sentinel.host())
                    .withPort(sentinel.port())
                    .withSsl(topology.tls())
                    .withVerifyPeer(SslVerifyMode.FULL)
                    .withTimeout(plan.commandTimeout());
            plan.sentinelCredentials().ifPresent(c -> withCredentials(sentinelUri, c));
            uri.withSentinel(sentinelUri.build());
        }
        RedisClient client = RedisClient.create(resources);
        RedisURI sentinelUri = uri.build();
        return connecting(plan, client, resources, () -> {
            client.setOptions(clientOptions(plan));
            // Reads go to the master too: replicas lag, and a session just written must be read
            // back from where it was written.
            Link link = new Link(client.connect(ByteArrayCodec.INSTANCE, sentinelUri));
            SentinelWatch watch = SentinelWatch.start(client, sentinelUri,
                    master -> moveToMaster(link, plan.where(), client, sentinelUri, master));
            link.release = watch::close;
            link.keyspace = listener -> followMaster(link, KeyspaceSubscriptions.standalone(client, sentinelUri, listener));
            return link;
        });
    }

    /*
     * Behind Sentinel: a new connection, resolved through the Sentinels (which answer with the
     * announced master by now), replaces the current one. Failing that, the current connection
     * stays; its reconnects re-resolve the master anyway.
     */
    private static void moveToMaster(Link link, String where, RedisClient client, RedisURI sentinelUri, String master) {
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

    private static Subscription followMaster(Link link, KeyspaceSubscriptions.Standalone subscription) {
        link.followingMaster.add(subscription);
        return () -> {
            link.followingMaster.remove(subscription);
            subscription.close();
        };
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
        return dispatch(link.redis, call);
    }

    @Override
    protected Written sendAndWait(RedisCall call, Predicate<RedisReply> changed, Durability durability) {
        // The connection that carries the write carries its WAIT: behind Sentinel, even while it is replaced.
        RedisClusterCommands<byte[], byte[]> redis = link.redis;
        RedisReply reply = dispatch(redis, call);
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
        return new Written(reply, acknowledged(dispatch(redis, waitCall(call.routingKey(), durability))));
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
                        .thenCompose(c -> c.async().dispatch(keyword(call), new ReplyOutput(), arguments(call)))
                        .toCompletableFuture());
            } catch (RedisException e) {
                replies.put(uri.getHost() + ":" + uri.getPort(), CompletableFuture.failedFuture(e));
            }
        }
        return replies;
    }

    @Override
    protected AbstractRedisCommandExecutor withOtherDurability(Durability durability) {
        return new LettuceCommandExecutor(this, durability);
    }

    @Override
    protected Failure classify(Throwable failure) {
        return failure(failure);
    }

    @Override
    protected void release() {
        link.release.run();
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

    /*
     * The command under a ProtocolKeyword made from its name, its arguments as raw bytes (the
     * routing key marked as the key, which is how a Cluster connection picks the node), and the
     * reply read by ReplyOutput, which takes any shape.
     */
    private static RedisReply dispatch(RedisClusterCommands<byte[], byte[]> redis, RedisCall call) {
        RedisReply reply = redis.dispatch(keyword(call), new ReplyOutput(), arguments(call));
        return reply == null ? RedisReply.NIL : reply;
    }

    private static CommandArgs<byte[], byte[]> arguments(RedisCall call) {
        CommandArgs<byte[], byte[]> args = new CommandArgs<>(ByteArrayCodec.INSTANCE);
        call.forEachArgument((argument, key) -> {
            if (key) {
                args.addKey(argument);
            } else {
                args.add(argument);
            }
        });
        return args;
    }

    private static ProtocolKeyword keyword(RedisCall call) {
        byte[] name = call.nameBytes();
        return new ProtocolKeyword() {
            @Override
            public byte[] getBytes() {
                return name;
            }

            @Override
            public String toString() {
                return call.name();
            }
        };
    }

    private static RedisURI dataNodeUri(ConnectionPlan plan, RedisAddress address) {
        RedisURI.Builder uri = RedisURI.builder()
                .withHost(address.host())
                .withPort(address.port())
                .withDatabase(plan.database())
                .withSsl(plan.tls())
                .withVerifyPeer(SslVerifyMode.FULL)
                .withTimeout(plan.commandTimeout());
        plan.clientName().ifPresent(uri::withClientName);
        plan.credentials().ifPresent(c -> withCredentials(uri, c));
        return uri.build();
    }

    private static void withCredentials(RedisURI.Builder uri, RedisCredentials credentials) {
        char[] password = credentials.password();
        if (credentials.username().isPresent()) {
            uri.withAuthentication(credentials.username().get(), password);
        } else {
            uri.withPassword(password);
        }
    }

    private static ClientOptions clientOptions(ConnectionPlan plan) {
        ClientOptions.Builder options = ClientOptions.builder()
                .socketOptions(SocketOptions.builder().connectTimeout(plan.connectTimeout()).build())
                .timeoutOptions(TimeoutOptions.enabled())
                // RESP2 logs in with AUTH, which every ACL user may run; RESP3's HELLO needs a
                // permission a least-privilege user should not have to be granted.
                .protocolVersion(ProtocolVersion.RESP2);
        if (plan.tls()) {
            SslOptions.Builder ssl = SslOptions.builder().jdkSslProvider();
            plan.trustManagers().ifPresent(ssl::trustManager);
            plan.keyManagers().ifPresent(ssl::keyManager);
            options.sslOptions(ssl.build());
        }
        return options.build();
    }
}

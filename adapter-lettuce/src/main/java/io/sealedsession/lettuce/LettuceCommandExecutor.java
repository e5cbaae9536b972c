package io.sealedsession.lettuce;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.ExpireArgs;
import io.lettuce.core.GetExArgs;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.ProtocolKeyword;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.sealedsession.core.SessionStoreUnavailableException;
import io.sealedsession.lettuce.internal.KeyspaceSubscriptions;
import io.sealedsession.lettuce.internal.PlaintextGuard;
import io.sealedsession.lettuce.internal.SentinelWatch;
import io.sealedsession.lettuce.internal.ReplyOutput;
import io.sealedsession.redis.ExpiryCondition;
import io.sealedsession.redis.RedisAddress;
import io.sealedsession.redis.RedisCredentials;
import io.sealedsession.redis.RedisErrors;
import io.sealedsession.redis.RedisKeyspaceSubscriber;
import io.sealedsession.redis.RedisTopology;
import io.sealedsession.redis.TransportCheck;
import io.sealedsession.redis.RedisCommandExecutor;
import io.sealedsession.redis.RedisCommandRejectedException;
import io.sealedsession.redis.RedisReply;
import io.sealedsession.redis.RedisScriptNotLoadedException;
import io.sealedsession.redis.RedisStoreConfig;
import io.sealedsession.redis.ScoredMember;
import io.lettuce.core.AbstractRedisClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.function.Function;
import java.util.function.Consumer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RedisCommandExecutor} on Lettuce with the byte-array codec, for every deployment a
 * {@link RedisTopology} describes: one server, a Redis Cluster, or a master behind Sentinel.
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
 * {@link RedisCommandExecutor#scriptLoad}); Lettuce's own cluster-wide {@code SCRIPT LOAD} would
 * fail as a whole when one node is down. {@code WAIT} goes over the pooled connection to the node
 * that serves the key's slot, the one the write went through.
 *
 * <p><b>Sentinel</b> ({@code redis-sentinel://}). One connection to the master, whose address is
 * asked of the Sentinels each time the connection is (re)established, never remembered: when the
 * master dies the connection drops, and the reconnect finds the promoted replica. When a failover
 * leaves the old master running ({@code SENTINEL FAILOVER}), it stays writable until the Sentinels
 * reconfigure it seconds later; so the executor also listens to the Sentinels' {@code +switch-master}
 * announcements and, once the Sentinels answer with the new master, replaces its connection with
 * one to it (commands in flight on the old one fail as unavailable). Lettuce's master/replica
 * connection is not used: it reconnects to the address it knew, and follows the Sentinels'
 * announcements at most every 5 seconds, so a restarted old master (empty, or with stale data,
 * and still believing it is master until the Sentinels convert it) could serve reads and take
 * writes that are then lost, including the deletion of a session that was signed out.
 *
 * <p><b>Failures.</b> Every command waits at most the command timeout (default 2 s, from
 * {@link RedisStoreConfig#commandTimeout()}; for an application's own connection, that
 * connection's timeout). A timeout, a refused or lost connection, a slot no node serves yet, a
 * transient error reply ({@code CLUSTERDOWN}, {@code TRYAGAIN}, {@code READONLY}, exhausted
 * redirects, ...) becomes a plain {@link SessionStoreUnavailableException}; another error reply
 * becomes a {@link RedisCommandRejectedException}; {@code NOSCRIPT} becomes
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
public final class LettuceCommandExecutor implements RedisCommandExecutor, RedisKeyspaceSubscriber {

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
     * second step (the replica's promotion, seconds after the master's loss was first noticed)
     * unseen for that long.
     */
    private static final Duration PERIODIC_REFRESH = Duration.ofSeconds(10);
    private static final Duration ADAPTIVE_REFRESH_LIMIT = Duration.ofSeconds(1);

    /* Replaced only behind Sentinel, when the Sentinels announce a new master. */
    private volatile StatefulConnection<byte[], byte[]> connection;
    private volatile RedisClusterCommands<byte[], byte[]> redis;
    private final @Nullable StatefulRedisClusterConnection<byte[], byte[]> cluster;
    private final String where;
    private final Runnable release;
    private final AtomicBoolean closed = new AtomicBoolean();
    /* How this executor opens a subscription to expired keys; null on an application's connection. */
    private volatile @Nullable Function<Consumer<byte[]>, Subscription> keyspace;
    /* Behind Sentinel: subscriptions that move to each master the Sentinels announce. */
    private final Set<KeyspaceSubscriptions.Standalone> followingMaster = ConcurrentHashMap.newKeySet();

    private LettuceCommandExecutor(StatefulRedisConnection<byte[], byte[]> connection, String where, Runnable release) {
        this.connection = connection;
        this.redis = connection.sync();
        this.cluster = null;
        this.where = where;
        this.release = release;
    }

    private LettuceCommandExecutor(StatefulRedisClusterConnection<byte[], byte[]> connection, String where, Runnable release) {
        this.connection = connection;
        this.redis = connection.sync();
        this.cluster = connection;
        this.where = where;
        this.release = release;
    }

    /**
     * Connects as {@code config} says, with a Lettuce client of its own, to whatever
     * {@link RedisStoreConfig#topology()} names.
     *
     * <ul>
     *   <li>TLS ({@code rediss}, {@code rediss-cluster}, {@code rediss-sentinel}) verifies every
     *       certificate chain and host name (Lettuce's {@link SslVerifyMode#FULL}); a URI that asks
     *       for less is refused. A trust store and a client certificate (mutual TLS) come from the
     *       config and serve every node and Sentinel.</li>
     *   <li>Plaintext to a host other than {@code localhost} or a loopback address is refused unless
     *       the config allows it; then a warning is logged. This covers the URI's hosts at once and
     *       every host a Cluster or Sentinel names later, when Lettuce connects to it.</li>
     *   <li>Credentials in the config take precedence over those in the URI; they are used on
     *       every data node. Sentinels get {@link RedisStoreConfig#sentinelCredentials()}.</li>
     *   <li>The config's command timeout replaces any {@code timeout} in the URI.</li>
     * </ul>
     *
     * @throws IllegalArgumentException when the URI or the TLS material cannot be used
     * @throws SessionStoreUnavailableException when Redis cannot be reached or refuses the login
     */
    public static LettuceCommandExecutor connect(RedisStoreConfig config) {
        Objects.requireNonNull(config, "config");
        RedisTopology topology = config.topology();
        if (topology instanceof RedisTopology.Standalone) {
            return connectStandalone(config);
        }
        TransportCheck.checkConfiguredHosts(config, LOG);
        if (topology instanceof RedisTopology.Cluster clusterTopology) {
            return connectCluster(config, clusterTopology);
        }
        return connectSentinel(config, (RedisTopology.Sentinel) topology);
    }

    private static LettuceCommandExecutor connectStandalone(RedisStoreConfig config) {
        RedisURI uri = toRedisUri(config);
        String where = "Redis at " + config.redactedUri();
        ClientResources resources = resources(config);
        RedisClient client = RedisClient.create(resources);
        return connecting(where, client, resources, shutdown -> {
            client.setOptions(clientOptions(config));
            StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE, uri);
            LettuceCommandExecutor executor = new LettuceCommandExecutor(connection, where, () -> {
                connection.close();
                shutdown.run();
            });
            executor.keyspace = listener -> KeyspaceSubscriptions.standalone(client, uri, listener);
            return executor;
        });
    }

    /**
     * Runs a client's connect step. When it fails, the client and its resources are shut down
     * before the failure is reported; when it succeeds, the executor's release closes them. The
     * step receives that shutdown to chain after closing its connection.
     */
    private static LettuceCommandExecutor connecting(String where, AbstractRedisClient client, ClientResources resources,
            Function<Runnable, LettuceCommandExecutor> connect) {
        Runnable shutdown = () -> {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        };
        try {
            return connect.apply(shutdown);
        } catch (RedisException e) {
            shutdown.run();
            throw unavailable(where, "connect", e);
        } catch (RuntimeException e) {
            shutdown.run();
            throw e;
        }
    }

    private static LettuceCommandExecutor connectCluster(RedisStoreConfig config, RedisTopology.Cluster topology) {
        String where = "Redis Cluster at " + config.redactedUri();
        List<RedisURI> seeds = new ArrayList<>();
        for (RedisAddress seed : topology.seeds()) {
            seeds.add(dataNodeUri(config, seed, 0));
        }
        ClientResources resources = resources(config);
        RedisClusterClient client = RedisClusterClient.create(resources, seeds);
        return connecting(where, client, resources, shutdown -> {
            client.setOptions(ClusterClientOptions.builder(clientOptions(config))
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
            StatefulRedisClusterConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE);
            LettuceCommandExecutor executor = new LettuceCommandExecutor(connection, where, () -> {
                connection.close();
                shutdown.run();
            });
            executor.keyspace = listener -> KeyspaceSubscriptions.cluster(client, listener);
            return executor;
        });
    }

    private static LettuceCommandExecutor connectSentinel(RedisStoreConfig config, RedisTopology.Sentinel topology) {
        String where = "Redis master '" + topology.masterName() + "' via Sentinel at " + config.redactedUri();
        RedisURI.Builder uri = RedisURI.builder()
                .withSentinelMasterId(topology.masterName())
                .withDatabase(topology.database())
                .withSsl(topology.tls())
                .withVerifyPeer(SslVerifyMode.FULL)
                .withTimeout(config.commandTimeout());
        config.credentials().ifPresent(c -> withCredentials(uri, c));
        for (RedisAddress sentinel : topology.sentinels()) {
            RedisURI.Builder sentinelUri = RedisURI.builder()
                    .withHost(sentinel.host())
                    .withPort(sentinel.port())
                    .withSsl(topology.tls())
                    .withVerifyPeer(SslVerifyMode.FULL)
                    .withTimeout(config.commandTimeout());
            config.sentinelCredentials().ifPresent(c -> withCredentials(sentinelUri, c));
            uri.withSentinel(sentinelUri.build());
        }
        ClientResources resources = resources(config);
        RedisClient client = RedisClient.create(resources);
        return connecting(where, client, resources, shutdown -> {
            client.setOptions(clientOptions(config));
            RedisURI sentinelUri = uri.build();
            // Reads go to the master too: replicas lag, and a session just written must be read
            // back from where it was written.
            StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE, sentinelUri);
            LettuceCommandExecutor[] self = new LettuceCommandExecutor[1];
            SentinelWatch watch = SentinelWatch.start(client, sentinelUri, master -> self[0].moveToMaster(client, sentinelUri, master));
            self[0] = new LettuceCommandExecutor(connection, where, () -> {
                watch.close();
                self[0].connection.close();
                shutdown.run();
            });
            self[0].keyspace = listener -> self[0].followMaster(KeyspaceSubscriptions.standalone(client, sentinelUri, listener));
            return self[0];
        });
    }

    /*
     * Behind Sentinel: a new connection, resolved through the Sentinels (which answer with the
     * announced master by now), replaces the current one. Failing that, the current connection
     * stays; its reconnects re-resolve the master anyway.
     */
    private void moveToMaster(RedisClient client, RedisURI sentinelUri, String master) {
        if (closed.get()) {
            return;
        }
        StatefulConnection<byte[], byte[]> previous;
        try {
            StatefulRedisConnection<byte[], byte[]> fresh = client.connect(ByteArrayCodec.INSTANCE, sentinelUri);
            synchronized (this) {
                if (closed.get()) {
                    fresh.closeAsync();
                    return;
                }
                previous = connection;
                connection = fresh;
                redis = fresh.sync();
            }
        } catch (RedisException e) {
            LOG.warn("the Sentinels announced a new master {} for {}, but connecting to it failed: {}", master, where,
                    e.toString());
            return;
        }
        LOG.info("the Sentinels announced a new master {} for {}; moved the connection to it", master, where);
        previous.closeAsync();
        followingMaster.forEach(KeyspaceSubscriptions.Standalone::reopen);
    }

    private Subscription followMaster(KeyspaceSubscriptions.Standalone subscription) {
        followingMaster.add(subscription);
        return () -> {
            followingMaster.remove(subscription);
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
        String where = "Redis at " + describe(uri);
        try {
            StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE, uri);
            LettuceCommandExecutor executor = new LettuceCommandExecutor(connection, where, connection::close);
            executor.keyspace = listener -> KeyspaceSubscriptions.standalone(client, uri, listener);
            return executor;
        } catch (RedisException e) {
            throw unavailable(where, "connect", e);
        }
    }

    /**
     * Uses the application's byte-array connection, which stays the application's: {@link #close()}
     * leaves it open. Commands wait as long as the connection's own timeout, which must be finite
     * (Lettuce's default is 60 s; 2 s suits a web request better). A master/replica connection
     * (Sentinel) works too; it should read from the master.
     */
    public static LettuceCommandExecutor using(StatefulRedisConnection<byte[], byte[]> connection) {
        Objects.requireNonNull(connection, "connection");
        return new LettuceCommandExecutor(connection, "Redis (the application's Lettuce connection)", () -> {});
    }

    /**
     * Uses the application's byte-array Redis Cluster connection, which stays the application's:
     * {@link #close()} leaves it open. How it follows topology changes is up to the client's
     * options (see the class description for what {@link #connect(RedisStoreConfig)} sets).
     */
    public static LettuceCommandExecutor using(StatefulRedisClusterConnection<byte[], byte[]> connection) {
        Objects.requireNonNull(connection, "connection");
        return new LettuceCommandExecutor(connection, "Redis Cluster (the application's Lettuce connection)", () -> {});
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
        Function<Consumer<byte[]>, Subscription> open = keyspace;
        if (open == null) {
            throw new UnsupportedOperationException("an executor on the application's own Lettuce connection cannot open "
                    + "a subscription; connect the executor with a client (connect(RedisClient, RedisURI) or connect(config))");
        }
        try {
            return open.apply(expiredKey);
        } catch (RedisException e) {
            throw unavailable(where, "SUBSCRIBE", e);
        }
    }

    @Override
    public byte @Nullable [] get(byte[] key) {
        return call("GET", () -> redis.get(key));
    }

    @Override
    public byte @Nullable [] getex(byte[] key, long ttlMillis) {
        return call("GETEX", () -> redis.getex(key, GetExArgs.Builder.px(ttlMillis)));
    }

    @Override
    public boolean setIfAbsent(byte[] key, byte[] value, long ttlMillis) {
        return "OK".equals(call("SET", () -> redis.set(key, value, SetArgs.Builder.nx().px(ttlMillis))));
    }

    @Override
    public boolean setIfPresent(byte[] key, byte[] value, long ttlMillis) {
        return "OK".equals(call("SET", () -> redis.set(key, value, SetArgs.Builder.xx().px(ttlMillis))));
    }

    @Override
    public boolean pexpire(byte[] key, long ttlMillis) {
        return Boolean.TRUE.equals(call("PEXPIRE", () -> redis.pexpire(key, ttlMillis)));
    }

    @Override
    public boolean pexpire(byte[] key, long ttlMillis, ExpiryCondition condition) {
        return Boolean.TRUE.equals(call("PEXPIREAT", () -> switch (condition) {
            case ALWAYS -> redis.pexpire(key, ttlMillis);
            case IF_NONE -> redis.pexpire(key, ttlMillis, ExpireArgs.Builder.nx());
            case IF_LATER -> redis.pexpire(key, ttlMillis, ExpireArgs.Builder.gt());
        }));
    }

    @Override
    public byte @Nullable [] getdel(byte[] key) {
        return call("GETDEL", () -> redis.getdel(key));
    }

    @Override
    public long unlink(byte[] key) {
        Long removed = call("UNLINK", () -> redis.unlink(key));
        return removed == null ? 0 : removed;
    }

    @Override
    public String scriptLoad(byte[] script) {
        StatefulRedisClusterConnection<byte[], byte[]> nodes = cluster;
        if (nodes == null) {
            return String.valueOf(call("SCRIPT LOAD", () -> redis.scriptLoad(script)));
        }
        return call("SCRIPT LOAD", () -> scriptLoadOnEveryNode(nodes, script));
    }

    /*
     * Every node Lettuce knows, replicas included, so that a replica promoted later already has
     * the script. Nodes flagged as failed are not waited for; a node that does not answer is
     * skipped as long as another took the script, since the store recovers from the NOSCRIPT that
     * node sends later (it loads again, which reaches the node once it is back).
     */
    private String scriptLoadOnEveryNode(StatefulRedisClusterConnection<byte[], byte[]> nodes, byte[] script) {
        Map<String, CompletableFuture<String>> loads = new LinkedHashMap<>();
        for (RedisClusterNode node : nodes.getPartitions()) {
            if (node.is(RedisClusterNode.NodeFlag.FAIL) || node.is(RedisClusterNode.NodeFlag.NOADDR)
                    || node.is(RedisClusterNode.NodeFlag.HANDSHAKE)) {
                continue;
            }
            RedisURI uri = node.getUri();
            String address = uri.getHost() + ":" + uri.getPort();
            try {
                loads.put(address, nodes.getConnectionAsync(uri.getHost(), uri.getPort())
                        .thenCompose(c -> c.async().scriptLoad(script)));
            } catch (RedisException e) {
                loads.put(address, CompletableFuture.failedFuture(e));
            }
        }
        String sha1 = null;
        RuntimeException firstFailure = null;
        List<String> skipped = new ArrayList<>();
        for (Map.Entry<String, CompletableFuture<String>> load : loads.entrySet()) {
            try {
                // Each command is bounded by the command timeout; connecting by the connect timeout.
                String answer = load.getValue().get(waitBound().toMillis(), TimeUnit.MILLISECONDS);
                if (sha1 == null) {
                    sha1 = answer;
                } else if (!sha1.equalsIgnoreCase(answer)) {
                    // Only a server that is not Redis answers so; the store refuses to go on.
                    throw new RedisException("the nodes of the Cluster filed the script under different SHA-1s");
                }
            } catch (ExecutionException e) {
                skipped.add(load.getKey());
                if (firstFailure == null) {
                    firstFailure = e.getCause() instanceof RuntimeException r ? r : new RedisException(e.getCause());
                }
            } catch (TimeoutException e) {
                load.getValue().cancel(false);
                skipped.add(load.getKey());
                if (firstFailure == null) {
                    firstFailure = new RedisCommandTimeoutException("SCRIPT LOAD on " + load.getKey() + " timed out");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RedisCommandInterruptedException(e);
            }
        }
        if (sha1 == null) {
            throw firstFailure != null ? firstFailure : new RedisConnectionException("no Cluster node is known yet");
        }
        if (!skipped.isEmpty()) {
            LOG.debug("loaded a script on {} Cluster node(s) of {}; {} did not take it now and will be loaded on NOSCRIPT",
                    loads.size() - skipped.size(), where, skipped);
        }
        return sha1;
    }

    @Override
    public long waitForReplicas(byte[] keyOfTheWrite, int replicas, long timeoutMillis) {
        StatefulRedisClusterConnection<byte[], byte[]> nodes = cluster;
        Long acknowledged;
        if (nodes == null) {
            // One connection (or, behind Sentinel, one to the master) carried the write: WAIT on it.
            acknowledged = call("WAIT", () -> redis.waitForReplication(replicas, timeoutMillis));
        } else {
            acknowledged = call("WAIT", () -> {
                RedisClusterNode node = nodes.getPartitions().getPartitionBySlot(SlotHash.getSlot(keyOfTheWrite));
                if (node == null) {
                    throw new RedisException("no Cluster node serves the slot of the key just written");
                }
                // The pooled write connection to the slot's node: the one the write went through.
                return nodes.getConnection(node.getUri().getHost(), node.getUri().getPort())
                        .sync().waitForReplication(replicas, timeoutMillis);
            });
        }
        return acknowledged == null ? 0 : acknowledged;
    }

    @Override
    public RedisReply evalsha(String sha1, List<byte[]> keys, List<byte[]> args) {
        CommandArgs<byte[], byte[]> commandArgs = new CommandArgs<>(ByteArrayCodec.INSTANCE)
                .add(sha1)
                .add(keys.size())
                .addKeys(keys)
                .addValues(args);
        RedisReply reply = call("EVALSHA", () -> redis.dispatch(CommandType.EVALSHA, new ReplyOutput(), commandArgs));
        return reply == null ? RedisReply.NIL : reply;
    }

    @Override
    public long zadd(byte[] key, double score, byte[] member) {
        Long added = call("ZADD", () -> redis.zadd(key, score, member));
        return added == null ? 0 : added;
    }

    @Override
    public long zrem(byte[] key, List<byte[]> members) {
        byte[][] array = members.toArray(new byte[0][]);
        Long removed = call("ZREM", () -> redis.zrem(key, array));
        return removed == null ? 0 : removed;
    }

    @Override
    public long zremrangebyscore(byte[] key, double maxInclusive) {
        Range<Double> range = Range.from(Range.Boundary.unbounded(), Range.Boundary.including(maxInclusive));
        Long removed = call("ZREMRANGEBYSCORE", () -> redis.zremrangebyscore(key, range));
        return removed == null ? 0 : removed;
    }

    @Override
    public List<ScoredMember> zrangebyscore(byte[] key, double minExclusive) {
        Range<Double> range = Range.from(Range.Boundary.excluding(minExclusive), Range.Boundary.unbounded());
        List<ScoredValue<byte[]>> values = call("ZRANGEBYSCORE", () -> redis.zrangebyscoreWithScores(key, range));
        List<ScoredMember> members = new ArrayList<>(values.size());
        for (ScoredValue<byte[]> value : values) {
            members.add(new ScoredMember(value.getValue(), value.getScore()));
        }
        return members;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                release.run();
            } catch (RuntimeException e) {
                // Closing must not fail the application's shutdown; what is left is logged.
                LOG.warn("closing the Lettuce connection to {} failed: {}", where, e.toString());
            }
        }
    }

    /**
     * Whether the connection is open at this moment (it may be reconnecting). For a Cluster, the
     * connection to the seed it was opened through; nodes have connections of their own.
     */
    public boolean isConnected() {
        return connection.isOpen();
    }

    @Override
    public String toString() {
        return "LettuceCommandExecutor[" + where + "]";
    }

    private <T> T call(String command, Supplier<T> operation) {
        if (closed.get()) {
            // Lettuce's behaviour after shutdown varies (closed-connection or timer errors); say it plainly.
            throw new SessionStoreUnavailableException("the connection to " + where + " was closed; " + command + " not sent");
        }
        try {
            return operation.get();
        } catch (RedisNoScriptException e) {
            throw new RedisScriptNotLoadedException(where + " does not have the script (NOSCRIPT)", e);
        } catch (RedisCommandExecutionException e) {
            throw RedisErrors.fromServerError(where, command, String.valueOf(e.getMessage()), e);
        } catch (RedisException e) {
            throw unavailable(where, command, e);
        } catch (CancellationException e) {
            // Lettuce cancels the commands queued on a connection that is closed: behind Sentinel,
            // the one replaced by a connection to the new master.
            throw new SessionStoreUnavailableException(where + " moved to a new master while " + command
                    + " waited; retry", e);
        }
    }

    private Duration waitBound() {
        return connection.getTimeout().plusSeconds(2);
    }

    private static SessionStoreUnavailableException unavailable(String where, String command, RedisException e) {
        if (e instanceof RedisCommandInterruptedException) {
            Thread.currentThread().interrupt();
            return new SessionStoreUnavailableException("interrupted while waiting for " + where + " to answer " + command, e);
        }
        if (e instanceof RedisCommandTimeoutException) {
            return new SessionStoreUnavailableException(where + " did not answer " + command + " in time", e);
        }
        if (e instanceof RedisConnectionException) {
            return new SessionStoreUnavailableException(where + " cannot be reached (" + command + ")", e);
        }
        return new SessionStoreUnavailableException(where + " failed " + command + ": " + e.getClass().getSimpleName(), e);
    }

    private static ClientResources resources(RedisStoreConfig config) {
        ClientResources.Builder resources = ClientResources.builder().reconnectDelay(RECONNECT_DELAY);
        if (!config.topology().tls()) {
            resources.socketAddressResolver(new PlaintextGuard(config.plaintextToRemoteHostAllowed()));
        }
        return resources.build();
    }


    private static RedisURI dataNodeUri(RedisStoreConfig config, RedisAddress address, int database) {
        RedisURI.Builder uri = RedisURI.builder()
                .withHost(address.host())
                .withPort(address.port())
                .withDatabase(database)
                .withSsl(config.topology().tls())
                .withVerifyPeer(SslVerifyMode.FULL)
                .withTimeout(config.commandTimeout());
        config.credentials().ifPresent(c -> withCredentials(uri, c));
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

    private static RedisURI toRedisUri(RedisStoreConfig config) {
        RedisURI uri;
        try {
            uri = RedisURI.create(config.uriWithCredentials());
        } catch (RuntimeException e) {
            // No cause: parsers quote their input, and the input may hold a password.
            throw new IllegalArgumentException("not a usable Redis URI: " + config.redactedUri() + " ("
                    + e.getClass().getSimpleName() + ")");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("a Redis URI names a host, but " + config.redactedUri() + " does not");
        }
        if (uri.isSsl() && uri.getVerifyMode() != SslVerifyMode.FULL) {
            throw new IllegalArgumentException("TLS to Redis always verifies the certificate and the host name, but "
                    + config.redactedUri() + " asks for verifyPeer " + uri.getVerifyMode()
                    + "; give the server's certificate authority as a trust store instead");
        }
        if (config.password().isPresent()) {
            char[] password = config.password().get();
            if (config.username().isPresent()) {
                uri.setAuthentication(config.username().get(), password);
            } else {
                uri.setAuthentication(password);
            }
        }
        uri.setTimeout(config.commandTimeout());
        if (!uri.isSsl() && !RedisAddress.isLoopback(uri.getHost())) {
            if (!config.plaintextToRemoteHostAllowed()) {
                throw new IllegalArgumentException("plaintext redis:// to " + uri.getHost() + " would send the password and "
                        + "every sealed record readable on the network; use rediss://, or allow it explicitly with "
                        + "RedisStoreConfig.custom().allowPlaintextToRemoteHost(true)");
            }
            LOG.warn("connecting to {} without TLS: its traffic, including the password, can be read on the network",
                    config.redactedUri());
        }
        if (!uri.isSsl() && (config.trustStore().isPresent() || config.keyStore().isPresent())) {
            throw new IllegalArgumentException("a trust store or key store was given, but " + config.redactedUri()
                    + " does not use TLS; use rediss://");
        }
        return uri;
    }

    private static ClientOptions clientOptions(RedisStoreConfig config) {
        ClientOptions.Builder options = ClientOptions.builder()
                .socketOptions(SocketOptions.builder().connectTimeout(config.connectTimeout()).build())
                .timeoutOptions(TimeoutOptions.enabled())
                // RESP2 logs in with AUTH, which every ACL user may run; RESP3's HELLO needs a
                // permission a least-privilege user should not have to be granted. The store's
                // replies are the same in both.
                .protocolVersion(ProtocolVersion.RESP2);
        if (config.topology().tls() && (config.trustStore().isPresent() || config.keyStore().isPresent())) {
            SslOptions.Builder ssl = SslOptions.builder().jdkSslProvider().keyStoreType(config.keyStoreType());
            if (config.trustStore().isPresent()) {
                Path path = readable(config.trustStore().get(), "trust store");
                ssl.truststore(SslOptions.Resource.from(path.toFile()), config.trustStorePassword().orElse(new char[0]));
            }
            if (config.keyStore().isPresent()) {
                Path path = readable(config.keyStore().get(), "key store");
                ssl.keystore(SslOptions.Resource.from(path.toFile()), config.keyStorePassword().orElse(new char[0]));
            }
            options.sslOptions(ssl.build());
        }
        return options.build();
    }

    private static Path readable(Path path, String what) {
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new IllegalArgumentException("the " + what + " " + path + " is not a readable file");
        }
        return path;
    }

    private static String describe(RedisURI uri) {
        return (uri.isSsl() ? "rediss://" : "redis://") + uri.getHost() + ":" + uri.getPort() + "/" + uri.getDatabase();
    }

    /**
     * Sends the command under a {@link ProtocolKeyword} made from its name, with the arguments as
     * raw bytes, and reads whatever comes back with {@link ReplyOutput}, which takes any shape.
     */
    @Override
    public RedisReply command(List<byte[]> commandAndArguments) {
        if (commandAndArguments.isEmpty()) {
            throw new IllegalArgumentException("a command has at least a name");
        }
        byte[] name = commandAndArguments.get(0).clone();
        String shownName = new String(name, StandardCharsets.US_ASCII);
        CommandArgs<byte[], byte[]> args = new CommandArgs<>(ByteArrayCodec.INSTANCE);
        commandAndArguments.subList(1, commandAndArguments.size()).forEach(args::add);
        ProtocolKeyword keyword = new ProtocolKeyword() {
            @Override
            public byte[] getBytes() {
                return name;
            }

            @Override
            public String toString() {
                return shownName;
            }
        };
        RedisReply reply = call(shownName, () -> redis.dispatch(keyword, new ReplyOutput(), args));
        return reply == null ? RedisReply.NIL : reply;
    }
}

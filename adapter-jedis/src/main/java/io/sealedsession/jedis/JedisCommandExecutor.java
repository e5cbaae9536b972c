package io.sealedsession.jedis;

import io.sealedsession.core.SessionStoreUnavailableException;
import io.sealedsession.jedis.internal.ClusterExecutor;
import io.sealedsession.jedis.internal.ExecutorClient;
import io.sealedsession.jedis.internal.KeyspaceSubscriptions;
import io.sealedsession.jedis.internal.PlaintextGuard;
import io.sealedsession.jedis.internal.ProbedConnectionFactory;
import io.sealedsession.jedis.internal.ProbedSocketFactory;
import io.sealedsession.jedis.internal.ReplicaWait;
import io.sealedsession.jedis.internal.SentinelMaster;
import io.sealedsession.jedis.internal.SingleNodeExecutor;
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
import io.sealedsession.redis.spi.Replies;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.DefaultRedisCredentials;
import redis.clients.jedis.DefaultRedisCredentialsProvider;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;
import redis.clients.jedis.providers.ClusterConnectionProvider;
import redis.clients.jedis.providers.PooledConnectionProvider;

/**
 * {@link RedisCommandExecutor} on a pooled, binary-safe Jedis client, for every deployment a
 * {@link RedisTopology} describes: one server, a Redis Cluster, or a master behind Sentinel.
 *
 * <p><b>Cluster</b> ({@code redis-cluster://}). Jedis's slot map and per-node pools, with this
 * adapter's own command loop: each command goes to the master of its key's slot, {@code MOVED} and
 * {@code ASK} are followed (up to 5 redirects), and the slot map is read again in the background
 * after a redirect, a lost connection, an unserved slot or a transient error reply (at most every
 * 250 ms) and every 10 s regardless. Unlike Jedis's own Cluster executor, a command whose reply
 * was lost is not re-sent. {@code SCRIPT LOAD} goes to every node in the map, masters and
 * replicas, skipping nodes that do not answer (see {@link RedisCommandExecutor#scriptLoad}).
 *
 * <p><b>Sentinel</b> ({@code redis-sentinel://}). Every new pooled connection asks the Sentinels
 * (with {@link RedisStoreConfig#sentinelCredentials()}) where the master is; no address is
 * remembered, so a restarted old master is never reconnected to. The executor also follows the
 * Sentinels' {@code +switch-master}: once they answer with the new master, every existing
 * connection fails its next check and is replaced. Jedis's {@code SentineledConnectionProvider}
 * is not used: it reconnects to the master it knew until an announcement arrives.
 *
 * <p><b>Durability.</b> With {@link RedisStoreConfig#waitReplicas()} above 0, each write that
 * changed something is followed by {@code WAIT} on the same borrowed connection, to the node that
 * took it. The commands, their replies and errors are {@link AbstractRedisCommandExecutor}'s; this
 * class holds Jedis's pools.
 *
 * <p><b>Thread safety.</b> Every command borrows a connection from the client's pool for its one
 * round trip and returns it, so any number of threads may call at once. The executor uses no
 * connection state (no {@code MULTI}, no blocking commands, no {@code SELECT} after a connection
 * is made). A pool of its own holds up to {@value #POOL_SIZE} connections; a command that finds all
 * of them busy waits for one at most the command timeout.
 *
 * <p><b>Failures.</b> Every command waits at most the command timeout (default 2 s, from
 * {@link RedisStoreConfig#commandTimeout()}; for an application's own client, that client's socket
 * timeout) for its reply. A timeout, a refused or lost connection and an exhausted pool become a
 * {@link SessionStoreUnavailableException} with Jedis's exception as the cause; an error reply
 * becomes a {@link RedisCommandRejectedException}, except the transient ones of a changing
 * deployment ({@code CLUSTERDOWN}, {@code READONLY}, ...: see {@link RedisErrors}), which are a
 * plain {@code SessionStoreUnavailableException}; {@code NOSCRIPT} becomes
 * {@link RedisScriptNotLoadedException}. Messages name the host, never the password.
 *
 * <p><b>Recovery.</b> On a client opened by {@link #connect(RedisStoreConfig)}, a pooled
 * connection is checked before each reuse, without a round trip, for whether the server has closed
 * it; one it has closed is discarded and a new one made. So when Redis restarts, the first command
 * after it is back already runs on a fresh connection, and the same executor works again without
 * being rebuilt. Commands are never re-sent: a command whose reply was lost fails, because it may
 * have been carried out.
 *
 * <p><b>Ownership.</b> What {@link #connect(RedisStoreConfig)} opens (pool, connections) is closed
 * by {@link #close()}. A client passed to {@link #using} belongs to the application, which closes it.
 */
public final class JedisCommandExecutor extends AbstractRedisCommandExecutor implements RedisKeyspaceSubscriber {

    /**
     * The most connections the pool of {@link #connect(RedisStoreConfig)} holds. A command holds a
     * connection for one round trip, well under a millisecond near Redis, so a few connections
     * serve thousands of requests a second; past this many commands at once, a command waits for
     * a free connection at most the command timeout.
     */
    public static final int POOL_SIZE = 16;

    private static final Logger LOG = LoggerFactory.getLogger(JedisCommandExecutor.class);

    /*
     * How often a Cluster's slot map is read regardless of events; events (redirects, lost
     * connections, transient errors) cause a read within a second (see ClusterExecutor).
     */
    private static final Duration PERIODIC_REFRESH = Duration.ofSeconds(10);

    /** The client and what it opened, shared by this executor and its views with another durability. */
    private static final class Link {
        final UnifiedJedis jedis;
        final Runnable release;
        final @Nullable ClusterConnectionProvider cluster;
        /* Whether the client runs this adapter's command executors, which send a write's WAIT. */
        final boolean ownExecutor;
        /* How this executor opens a subscription to expired keys; null on an application's client. */
        volatile @Nullable Function<Consumer<byte[]>, Subscription> keyspace;
        /* Behind Sentinel: subscriptions that move to each master the Sentinels announce. */
        final Set<KeyspaceSubscriptions.Loop> followingMaster = ConcurrentHashMap.newKeySet();

        Link(UnifiedJedis jedis, Runnable release, @Nullable ClusterConnectionProvider cluster, boolean ownExecutor) {
            this.jedis = jedis;
            this.release = release;
            this.cluster = cluster;
            this.ownExecutor = ownExecutor;
        }
    }

    private final Link link;

    private JedisCommandExecutor(Link link, String where, Durability durability, Duration commandTimeout) {
        super(where, durability, commandTimeout);
        this.link = link;
    }

    private JedisCommandExecutor(JedisCommandExecutor same, Durability durability) {
        super(same, durability);
        this.link = same.link;
    }

    /**
     * Connects as {@code config} says, with a Jedis client and connection pool of its own, to
     * whatever {@link RedisStoreConfig#topology()} names, with the settings its
     * {@link ConnectionPlan} resolves. For every node and Sentinel: TLS verifies each one's
     * certificate and host name (nodes are usually announced by IP address, which the certificate
     * must then name); plaintext is refused to any non-loopback host, including nodes announced
     * later (logged as an error; commands for them fail as unavailable); credentials are the data
     * nodes', and Sentinels get {@link RedisStoreConfig#sentinelCredentials()}. Connections log in
     * with {@code AUTH} (RESP2), which every ACL user may run, and send nothing else on connecting
     * but {@code SELECT} for a database other than 0 and {@code CLIENT SETNAME} when the URI names
     * the client. On one server and behind Sentinel one connection is made, logged in and closed
     * before this method returns, so that an unreachable server, a refused login or a certificate
     * that fails verification is reported here rather than by the first command.
     *
     * @throws IllegalArgumentException when the configuration or the TLS material cannot be used
     * @throws SessionStoreUnavailableException when Redis cannot be reached, the TLS handshake
     *     fails, or Redis refuses the login ({@link RedisCommandRejectedException})
     */
    public static JedisCommandExecutor connect(RedisStoreConfig config) {
        ConnectionPlan plan = ConnectionPlan.of(config);
        RedisTopology topology = plan.topology();
        SSLContext tls = plan.sslContext().orElse(null);
        if (topology instanceof RedisTopology.Standalone standalone) {
            RedisAddress server = standalone.server();
            ProbedConnectionFactory connections = new ProbedConnectionFactory(new ProbedSocketFactory(server.host(),
                    server.port(), plan.connectTimeoutMillis(), plan.commandTimeoutMillis(), tls),
                    clientConfig(plan, plan.credentials().orElse(null)).database(plan.database()).build());
            probe(connections, plan.where());
            JedisCommandExecutor executor = pooled(connections, plan, () -> {});
            executor.link.keyspace = listener -> KeyspaceSubscriptions.single(connections::open, plan.database(), listener,
                    plan.where());
            return executor;
        }
        if (topology instanceof RedisTopology.Cluster cluster) {
            return connectCluster(plan, cluster, tls);
        }
        return connectSentinel(plan, (RedisTopology.Sentinel) topology, tls);
    }

    /*
     * One connection is made, logged in and closed before the executor is returned, so that an
     * unreachable server, a refused login or a certificate that fails verification is reported by
     * connect rather than by the first command.
     */
    private static void probe(ProbedConnectionFactory connections, String where) {
        try (Connection first = connections.open()) {
            LOG.debug("connected to {}", where);
        } catch (JedisDataException e) {
            throw new RedisCommandRejectedException("the connection set-up", String.valueOf(e.getMessage()), e);
        } catch (JedisException e) {
            throw failed(where, "connect", failure(e), e);
        }
    }

    private static JedisCommandExecutor pooled(ProbedConnectionFactory connections, ConnectionPlan plan, Runnable alsoOnClose) {
        PooledConnectionProvider provider = new PooledConnectionProvider(connections, poolConfig(plan.commandTimeout()));
        UnifiedJedis client;
        try {
            client = new ExecutorClient(new SingleNodeExecutor(provider), provider);
        } catch (RuntimeException e) {
            provider.close();
            alsoOnClose.run();
            throw e;
        }
        return new JedisCommandExecutor(new Link(client, () -> {
            alsoOnClose.run();
            client.close();
            provider.close();
        }, null, true), plan.where(), plan.durability(), plan.commandTimeout());
    }

    private static JedisCommandExecutor connectCluster(ConnectionPlan plan, RedisTopology.Cluster topology,
            @Nullable SSLContext tls) {
        Set<HostAndPort> seeds = new LinkedHashSet<>();
        for (RedisAddress seed : topology.seeds()) {
            seeds.add(new HostAndPort(seed.host(), seed.port()));
        }
        DefaultJedisClientConfig.Builder builder = clientConfig(plan, plan.credentials().orElse(null))
                // Where Jedis opens a socket to any node, seed or discovered: the plaintext rule.
                .hostAndPortMapper(new PlaintextGuard(plan.transport()));
        if (tls != null) {
            builder.ssl(true).sslSocketFactory(tls.getSocketFactory()).sslParameters(ConnectionPlan.verifyingHostNames());
        }
        JedisClientConfig clientConfig = builder.build();
        ClusterConnectionProvider provider;
        try {
            GenericObjectPoolConfig<Connection> pool = poolConfig(plan.commandTimeout());
            // Jedis's node pools check a connection with PING, which a least-privilege ACL user may
            // not run. Unchecked, a connection that a restarted node closed fails one command
            // (as unavailable) and is then discarded as broken.
            pool.setTestOnBorrow(false);
            provider = new ClusterConnectionProvider(seeds, clientConfig, pool, PERIODIC_REFRESH);
        } catch (JedisException e) {
            JedisDataException refused = refusal(e);
            if (refused != null) {
                throw new RedisCommandRejectedException("the connection set-up", String.valueOf(refused.getMessage()), e);
            }
            throw failed(plan.where(), "connect", failure(e), e);
        }
        ClusterExecutor executor = new ClusterExecutor(provider);
        UnifiedJedis client;
        try {
            client = new ExecutorClient(executor, provider);
        } catch (RuntimeException e) {
            executor.close();
            provider.close();
            throw e;
        }
        JedisCommandExecutor clustered = new JedisCommandExecutor(new Link(client, () -> {
            client.close();
            provider.close();
        }, provider, true), plan.where(), plan.durability(), plan.commandTimeout());
        clustered.link.keyspace = listener -> KeyspaceSubscriptions.cluster(provider, clientConfig, listener);
        return clustered;
    }

    private static JedisCommandExecutor connectSentinel(ConnectionPlan plan, RedisTopology.Sentinel topology,
            @Nullable SSLContext tls) {
        int connectTimeout = plan.connectTimeoutMillis();
        int commandTimeout = plan.commandTimeoutMillis();
        JedisClientConfig sentinelConfig = clientConfig(plan, plan.sentinelCredentials().orElse(null)).build();
        SentinelMaster master = new SentinelMaster(topology.sentinels(), topology.masterName(), sentinel -> new Connection(
                new ProbedSocketFactory(sentinel.host(), sentinel.port(), connectTimeout, commandTimeout, tls), sentinelConfig));
        JedisClientConfig dataConfig = clientConfig(plan, plan.credentials().orElse(null)).database(topology.database()).build();
        PlaintextGuard guard = new PlaintextGuard(plan.transport());
        // Each new connection asks the Sentinels where the master is now; none reuses an address.
        ProbedConnectionFactory connections = new ProbedConnectionFactory(() -> {
            RedisAddress address = master.resolve();
            guard.check(address.host(), address.port());
            return new ProbedSocketFactory(address.host(), address.port(), connectTimeout, commandTimeout, tls);
        }, dataConfig);
        probe(connections, plan.where());
        JedisCommandExecutor executor = pooled(connections, plan, master::close);
        Link link = executor.link;
        master.watch(() -> {
            // A failover that leaves the old master running keeps it writable for seconds: move now.
            connections.retireAll();
            link.followingMaster.forEach(KeyspaceSubscriptions.Loop::moveOn);
            LOG.info("the Sentinels announced a new master for {}; connections move to it", plan.where());
        });
        link.keyspace = listener -> {
            KeyspaceSubscriptions.Loop loop = KeyspaceSubscriptions.single(connections::open, topology.database(), listener,
                    plan.where());
            link.followingMaster.add(loop);
            return () -> {
                link.followingMaster.remove(loop);
                loop.close();
            };
        };
        return executor;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Each subscription holds a connection of its own outside the pool, kept by a thread that
     * subscribes again, at most once a second, whenever the connection ends: to the server; behind
     * Sentinel to the master, asked of the Sentinels at each attempt and left when they announce a
     * new one; on a Cluster to every node the client knows, looked at again every second. Not
     * available on a client the application handed to {@link #using}.
     */
    @Override
    public Subscription subscribeToExpiredKeys(Consumer<byte[]> expiredKey) {
        Objects.requireNonNull(expiredKey, "expiredKey");
        Function<Consumer<byte[]>, Subscription> open = link.keyspace;
        if (open == null) {
            throw new UnsupportedOperationException("an executor on the application's own Jedis client cannot open a "
                    + "subscription; open the executor with connect(config)");
        }
        return open.apply(expiredKey);
    }

    private static @Nullable JedisDataException refusal(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof JedisDataException data) {
                return data;
            }
            for (Throwable suppressed : t.getSuppressed()) {
                JedisDataException inner = refusal(suppressed);
                if (inner != null) {
                    return inner;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /**
     * Uses the application's client, which stays the application's: {@link #close()} leaves it
     * open. It must be thread-safe, such as a {@link RedisClient} (pooled) or a Sentinel client.
     * Its settings apply: timeouts (its socket timeout must be finite; Jedis's default is 2 s),
     * TLS, pool size and validation. Jedis's default pool checks idle connections only every 30 s,
     * in the background and with {@code PING} (which a least-privilege ACL user may not run), so
     * after a Redis restart each stale connection in it can fail one command before it is
     * replaced; the clients this class opens itself check before every reuse instead. An
     * executor on such a client cannot wait for replicas: the client's pool lends the
     * {@code WAIT} another connection than the write's.
     *
     * @throws IllegalArgumentException for a Redis Cluster client: {@code SCRIPT LOAD} has no key
     *     to route by, so a script would be loaded on one node and run on another
     */
    public static JedisCommandExecutor using(UnifiedJedis client) {
        Objects.requireNonNull(client, "client");
        if (client instanceof RedisClusterClient || client instanceof JedisCluster) {
            throw new IllegalArgumentException("an application's Redis Cluster client is not supported by this adapter: "
                    + "scripts are loaded without a key to route by; open the executor with connect(config) and a "
                    + "redis-cluster:// URI instead");
        }
        return new JedisCommandExecutor(new Link(client, () -> {}, null, false), "Redis (the application's Jedis client)",
                Durability.NONE, Duration.ofSeconds(2));
    }

    @Override
    protected RedisReply send(RedisCall call) {
        return Replies.of(link.jedis.executeCommand(new CommandObject<>(arguments(call), BuilderFactory.RAW_OBJECT)));
    }

    @Override
    protected Written sendAndWait(RedisCall call, Predicate<RedisReply> changed, Durability durability) {
        ReplicaWait write = new ReplicaWait(arguments(call), changed, durability);
        RedisReply reply = Replies.of(link.jedis.executeCommand(write));
        return new Written(reply, write.acknowledged());
    }

    /*
     * Every node Jedis knows from the slot map, replicas included, so that a replica promoted
     * later already has the script.
     */
    @Override
    protected Map<String, CompletableFuture<RedisReply>> sendToEveryNode(RedisCall call) {
        ClusterConnectionProvider nodes = link.cluster;
        if (nodes == null) {
            return super.sendToEveryNode(call);
        }
        Map<String, CompletableFuture<RedisReply>> replies = new LinkedHashMap<>();
        for (Map.Entry<String, ConnectionPool> node : new LinkedHashMap<>(nodes.getNodes()).entrySet()) {
            try (Connection connection = node.getValue().getResource()) {
                replies.put(node.getKey(), CompletableFuture.completedFuture(Replies.of(
                        connection.executeCommand(new CommandObject<>(arguments(call), BuilderFactory.RAW_OBJECT)))));
            } catch (JedisException e) {
                replies.put(node.getKey(), CompletableFuture.failedFuture(e));
            }
        }
        return replies;
    }

    @Override
    protected AbstractRedisCommandExecutor withOtherDurability(Durability durability) {
        if (!link.ownExecutor) {
            throw new UnsupportedOperationException(this + " cannot wait for replicas: the application's client lends a "
                    + "WAIT another connection than its write's; open the executor with connect(config) instead");
        }
        return new JedisCommandExecutor(this, durability);
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
        if (e instanceof JedisNoScriptException) {
            return Failure.of(Failure.Kind.NO_SCRIPT);
        }
        if (e instanceof JedisDataException) {
            return Failure.serverError(String.valueOf(e.getMessage()));
        }
        if (causedBy(e, InterruptedException.class) || causedBy(e, ClosedByInterruptException.class)) {
            return Failure.of(Failure.Kind.INTERRUPTED);
        }
        if (causedBy(e, SocketTimeoutException.class)) {
            return Failure.of(Failure.Kind.TIMEOUT);
        }
        if (causedBy(e, NoSuchElementException.class)) {
            return Failure.of(Failure.Kind.NO_FREE_CONNECTION);
        }
        return Failure.of(e instanceof JedisConnectionException ? Failure.Kind.UNREACHABLE : Failure.Kind.OTHER);
    }

    private static boolean causedBy(Throwable thrown, Class<? extends Throwable> type) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
            // A failed connect keeps the failure of each address it tried as suppressed.
            for (Throwable suppressed : t.getSuppressed()) {
                if (causedBy(suppressed, type)) {
                    return true;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /* The command under its own name; the routing key marked as the key, which is how a Cluster command finds its slot. */
    private static CommandArguments arguments(RedisCall call) {
        byte[] name = call.nameBytes();
        ProtocolCommand command = () -> name;
        CommandArguments arguments = new CommandArguments(command);
        call.forEachArgument((argument, key) -> {
            CommandArguments same = key ? arguments.key(argument) : arguments.add(argument);
        });
        return arguments;
    }

    /* Timeouts, RESP2 without negotiation, no CLIENT SETINFO, the connection name and the login. */
    private static DefaultJedisClientConfig.Builder clientConfig(ConnectionPlan plan, @Nullable RedisCredentials login) {
        DefaultJedisClientConfig.Builder builder = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(plan.connectTimeoutMillis())
                .socketTimeoutMillis(plan.commandTimeoutMillis())
                .clientName(plan.clientName().orElse(null))
                // No protocol and no negotiation: RESP2 with AUTH, which every ACL user may run,
                // and no HELLO. No CLIENT SETINFO either: a least-privilege user may not run it.
                .autoNegotiateProtocol(false)
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED);
        if (login != null) {
            builder.credentialsProvider(new DefaultRedisCredentialsProvider(
                    new DefaultRedisCredentials(login.username().orElse(null), login.password())));
        }
        return builder;
    }

    private static GenericObjectPoolConfig<Connection> poolConfig(Duration commandTimeout) {
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(POOL_SIZE);
        pool.setMaxIdle(POOL_SIZE);
        pool.setMinIdle(0);
        // The check costs no round trip (see ProbedConnectionFactory); Jedis's own would send PING,
        // which a least-privilege ACL user may not run.
        pool.setTestOnBorrow(true);
        pool.setTestWhileIdle(false);
        pool.setBlockWhenExhausted(true);
        pool.setMaxWait(commandTimeout);
        pool.setJmxEnabled(false);
        return pool;
    }
}

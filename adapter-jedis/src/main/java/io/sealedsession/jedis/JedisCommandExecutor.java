package io.sealedsession.jedis;

import io.sealedsession.core.SessionStoreUnavailableException;
import io.sealedsession.jedis.internal.ClusterExecutor;
import io.sealedsession.jedis.internal.Connections;
import io.sealedsession.jedis.internal.ExecutorClient;
import io.sealedsession.jedis.internal.KeyspaceSubscriptions;
import io.sealedsession.jedis.internal.ProbedConnectionFactory;
import io.sealedsession.jedis.internal.ProbedSocketFactory;
import io.sealedsession.jedis.internal.ReplicaWait;
import io.sealedsession.jedis.internal.SentinelMaster;
import io.sealedsession.jedis.internal.SingleNodeExecutor;
import io.sealedsession.redis.RedisAddress;
import io.sealedsession.redis.RedisCommandExecutor;
import io.sealedsession.redis.RedisCommandRejectedException;
import io.sealedsession.redis.RedisKeyspaceSubscriber;
import io.sealedsession.redis.RedisReply;
import io.sealedsession.redis.RedisStoreConfig;
import io.sealedsession.redis.RedisTopology;
import io.sealedsession.redis.spi.AbstractRedisCommandExecutor;
import io.sealedsession.redis.spi.ConnectionPlan;
import io.sealedsession.redis.spi.Durability;
import io.sealedsession.redis.spi.Failure;
import io.sealedsession.redis.spi.RedisCall;
import io.sealedsession.redis.spi.Replies;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
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
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.providers.ClusterConnectionProvider;
import redis.clients.jedis.providers.PooledConnectionProvider;

/**
 * {@link RedisCommandExecutor} on a pooled, binary-safe Jedis client, for one server, a Redis
 * Cluster or a master behind Sentinel. The commands, replies and errors are
 * {@link AbstractRedisCommandExecutor}'s; this class holds Jedis's pools. See
 * {@code docs/cluster.md} for how each deployment is followed.
 *
 * <ul>
 *   <li><b>Cluster.</b> Jedis's slot map and node pools, with this adapter's own command loop
 *       ({@code MOVED} and {@code ASK} followed up to 5 times, the map read again after events and
 *       every 10 s); unlike Jedis's own Cluster executor, a command whose reply was lost is never
 *       re-sent.</li>
 *   <li><b>Sentinel.</b> Every new pooled connection asks the Sentinels where the master is; on
 *       {@code +switch-master} every existing connection is replaced.</li>
 *   <li><b>Durability.</b> A write that changed something is followed by {@code WAIT} on the same
 *       borrowed connection.</li>
 *   <li><b>Threads and failures.</b> Every command borrows a connection for its one round trip
 *       (at most {@value #POOL_SIZE}; a command waits for a free one at most the command timeout)
 *       and waits at most the command timeout for its reply. Pooled connections are checked before
 *       reuse without a round trip, so after a Redis restart the first command already runs on a
 *       fresh connection. Commands are never re-sent.</li>
 *   <li><b>Ownership.</b> What {@link #connect(RedisStoreConfig)} opens, {@link #close()} closes;
 *       a client passed to {@link #using} stays the application's.</li>
 * </ul>
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
     * Connects with a Jedis client and pool of its own, as the config's {@link ConnectionPlan}
     * says: TLS verifying every certificate and host name, the plaintext rule for every node,
     * seeds and announced ones alike, the data nodes' and the Sentinels' credentials, RESP2 with
     * {@code AUTH} and nothing else on connecting but {@code SELECT} and {@code CLIENT SETNAME} when
     * asked for. On one server and behind Sentinel one connection is made and closed before this
     * returns, so that a refused login or certificate is reported here.
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
                    Connections.clientConfig(plan, plan.credentials().orElse(null)).database(plan.database()).build());
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
            throw failed(where, "connect", Connections.failure(e), e);
        }
    }

    private static JedisCommandExecutor pooled(ProbedConnectionFactory connections, ConnectionPlan plan, Runnable alsoOnClose) {
        PooledConnectionProvider provider = new PooledConnectionProvider(connections, Connections.poolConfig(plan.commandTimeout(), POOL_SIZE));
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
        DefaultJedisClientConfig.Builder builder = Connections.clientConfig(plan, plan.credentials().orElse(null))
                // Where Jedis opens a socket to any node, seed or discovered: the plaintext rule.
                .hostAndPortMapper(node -> Connections.checked(plan.transport(), node.getHost(), node.getPort()));
        if (tls != null) {
            builder.ssl(true).sslSocketFactory(tls.getSocketFactory()).sslParameters(ConnectionPlan.verifyingHostNames());
        }
        JedisClientConfig clientConfig = builder.build();
        ClusterConnectionProvider provider;
        try {
            GenericObjectPoolConfig<Connection> pool = Connections.poolConfig(plan.commandTimeout(), POOL_SIZE);
            // Jedis's node pools check a connection with PING, which a least-privilege ACL user may
            // not run. Unchecked, a connection that a restarted node closed fails one command
            // (as unavailable) and is then discarded as broken.
            pool.setTestOnBorrow(false);
            provider = new ClusterConnectionProvider(seeds, clientConfig, pool, PERIODIC_REFRESH);
        } catch (JedisException e) {
            JedisDataException refused = Connections.refusal(e);
            if (refused != null) {
                throw new RedisCommandRejectedException("the connection set-up", String.valueOf(refused.getMessage()), e);
            }
            throw failed(plan.where(), "connect", Connections.failure(e), e);
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
        JedisClientConfig sentinelConfig = Connections.clientConfig(plan, plan.sentinelCredentials().orElse(null)).build();
        SentinelMaster master = new SentinelMaster(topology.sentinels(), topology.masterName(), sentinel -> new Connection(
                new ProbedSocketFactory(sentinel.host(), sentinel.port(), connectTimeout, commandTimeout, tls), sentinelConfig));
        JedisClientConfig dataConfig = Connections.clientConfig(plan, plan.credentials().orElse(null)).database(topology.database()).build();
        // Each new connection asks the Sentinels where the master is now; none reuses an address.
        ProbedConnectionFactory connections = new ProbedConnectionFactory(() -> {
            RedisAddress address = master.resolve();
            Connections.checked(plan.transport(), address.host(), address.port());
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
        return Connections.failure(failure);
    }

    @Override
    protected void release() {
        link.release.run();
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


}

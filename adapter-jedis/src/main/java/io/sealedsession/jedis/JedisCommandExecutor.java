package io.sealedsession.jedis;

import io.sealedsession.core.SessionStoreUnavailableException;
import io.sealedsession.jedis.internal.ClusterExecutor;
import io.sealedsession.jedis.internal.ExecutorClient;
import io.sealedsession.jedis.internal.PlaintextGuard;
import io.sealedsession.jedis.internal.ProbedConnectionFactory;
import io.sealedsession.jedis.internal.ProbedSocketFactory;
import io.sealedsession.jedis.internal.RedisEndpoint;
import io.sealedsession.jedis.internal.ReplicaWait;
import io.sealedsession.jedis.internal.Replies;
import io.sealedsession.jedis.internal.SentinelMaster;
import io.sealedsession.jedis.internal.SingleNodeExecutor;
import io.sealedsession.jedis.internal.TlsContexts;
import io.sealedsession.redis.ExpiryCondition;
import io.sealedsession.redis.RedisAddress;
import io.sealedsession.redis.RedisCredentials;
import io.sealedsession.redis.RedisErrors;
import io.sealedsession.redis.RedisTopology;
import io.sealedsession.redis.TransportCheck;
import io.sealedsession.redis.RedisCommandExecutor;
import io.sealedsession.redis.RedisKeyspaceSubscriber;
import io.sealedsession.jedis.internal.KeyspaceSubscriptions;
import io.sealedsession.redis.RedisCommandRejectedException;
import io.sealedsession.redis.RedisReply;
import io.sealedsession.redis.RedisScriptNotLoadedException;
import io.sealedsession.redis.RedisStoreConfig;
import io.sealedsession.redis.ScoredMember;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.Function;
import java.util.function.Consumer;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
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
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.DefaultRedisCredentials;
import redis.clients.jedis.DefaultRedisCredentialsProvider;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.args.ExpiryOption;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;
import redis.clients.jedis.params.GetExParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.providers.ClusterConnectionProvider;
import redis.clients.jedis.providers.PooledConnectionProvider;
import redis.clients.jedis.resps.Tuple;

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
 * <p><b>Durability knob.</b> With {@link RedisStoreConfig#waitReplicas()} above 0, each write that
 * changed something is followed by {@code WAIT} on the same borrowed connection, to the node that
 * took it; {@link #waitForReplicas} reports that answer (see there).
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
public final class JedisCommandExecutor implements RedisCommandExecutor, RedisKeyspaceSubscriber {

    /**
     * The most connections the pool of {@link #connect(RedisStoreConfig)} holds. A command holds a
     * connection for one round trip, well under a millisecond near Redis, so a few connections
     * serve thousands of requests a second; past this many commands at once, a command waits for
     * a free connection at most the command timeout.
     */
    public static final int POOL_SIZE = 16;

    private static final Logger LOG = LoggerFactory.getLogger(JedisCommandExecutor.class);
    private static final byte[] MINUS_INFINITY = "-inf".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PLUS_INFINITY = "+inf".getBytes(StandardCharsets.US_ASCII);

    /*
     * How often a Cluster's slot map is read regardless of events; events (redirects, lost
     * connections, transient errors) cause a read within a second (see ClusterExecutor).
     */
    private static final Duration PERIODIC_REFRESH = Duration.ofSeconds(10);

    private final UnifiedJedis jedis;
    private final String where;
    private final Runnable release;
    private final ReplicaWait waits;
    private final @Nullable ClusterConnectionProvider cluster;
    private final AtomicBoolean closed = new AtomicBoolean();
    /* How this executor opens a subscription to expired keys; null on an application's client. */
    private volatile @Nullable Function<Consumer<byte[]>, Subscription> keyspace;
    /* Behind Sentinel: subscriptions that move to each master the Sentinels announce. */
    private final Set<KeyspaceSubscriptions.Loop> followingMaster = ConcurrentHashMap.newKeySet();

    private JedisCommandExecutor(UnifiedJedis jedis, String where, Runnable release, ReplicaWait waits,
            @Nullable ClusterConnectionProvider cluster) {
        this.jedis = jedis;
        this.where = where;
        this.release = release;
        this.waits = waits;
        this.cluster = cluster;
    }

    /**
     * Connects as {@code config} says, with a Jedis client and connection pool of its own, to
     * whatever {@link RedisStoreConfig#topology()} names. For a Cluster or Sentinel URI, the rules
     * below apply to every node and Sentinel: TLS verifies each one's certificate and host name
     * (nodes are usually announced by IP address, which the certificate must then name);
     * plaintext is refused to any non-loopback host, including nodes announced later (logged as
     * an error; commands for them fail as unavailable); credentials are the data nodes', and
     * Sentinels get {@link RedisStoreConfig#sentinelCredentials()}.
     *
     * <ul>
     *   <li>{@code rediss://} verifies the server's certificate chain and, during the handshake,
     *       that the certificate names the host of the URI; a URI that asks for less
     *       ({@code verifyPeer} other than {@code FULL}) is refused. A trust store (default: the
     *       JVM's trusted authorities) and a client certificate (mutual TLS) come from the config.</li>
     *   <li>{@code redis://} to a host other than {@code localhost} or a loopback address is
     *       refused unless the config allows it; then a warning is logged.</li>
     *   <li>Credentials in the config take precedence over those in the URI. Connections log in
     *       with {@code AUTH} (RESP2), which every ACL user may run, and send nothing else on
     *       connecting but {@code SELECT} for a database other than 0 and {@code CLIENT SETNAME}
     *       when the URI names the client.</li>
     *   <li>The config's command timeout replaces any {@code timeout} in the URI; the connect
     *       timeout bounds the TCP connection and the TLS handshake.</li>
     *   <li>One connection is made, logged in and closed before this method returns, so that an
     *       unreachable server, a refused login or a certificate that fails verification is
     *       reported here rather than by the first command.</li>
     * </ul>
     *
     * @throws IllegalArgumentException when the URI or the TLS material cannot be used
     * @throws SessionStoreUnavailableException when Redis cannot be reached, the TLS handshake
     *     fails, or Redis refuses the login ({@link RedisCommandRejectedException})
     */
    public static JedisCommandExecutor connect(RedisStoreConfig config) {
        Objects.requireNonNull(config, "config");
        ReplicaWait waits = new ReplicaWait(config.waitReplicas(), config.waitTimeout().toMillis());
        RedisTopology topology = config.topology();
        if (topology instanceof RedisTopology.Standalone) {
            return connectStandalone(config, waits);
        }
        TransportCheck.checkConfiguredHosts(config, LOG);
        if (topology instanceof RedisTopology.Cluster clusterTopology) {
            return connectCluster(config, clusterTopology, waits);
        }
        return connectSentinel(config, (RedisTopology.Sentinel) topology, waits);
    }

    private static JedisCommandExecutor connectStandalone(RedisStoreConfig config, ReplicaWait waits) {
        RedisEndpoint endpoint = RedisEndpoint.of(config);
        checkTransport(endpoint, config);
        String where = "Redis at " + config.redactedUri();
        SSLContext tls = endpoint.tls() ? TlsContexts.create(config) : null;
        ProbedSocketFactory sockets = new ProbedSocketFactory(endpoint.host(), endpoint.port(),
                millis(config.connectTimeout()), millis(config.commandTimeout()), tls);
        JedisClientConfig clientConfig = clientConfig(endpoint, config);
        ProbedConnectionFactory connections = new ProbedConnectionFactory(sockets, clientConfig);
        probe(connections, where);
        JedisCommandExecutor executor = pooled(connections, config, where, waits, () -> {});
        executor.keyspace = listener -> KeyspaceSubscriptions.single(connections::open, endpoint.database(), listener, where);
        return executor;
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
            throw unavailable(where, "connect", e);
        }
    }

    private static JedisCommandExecutor pooled(ProbedConnectionFactory connections, RedisStoreConfig config, String where,
            ReplicaWait waits, Runnable alsoOnClose) {
        PooledConnectionProvider provider = new PooledConnectionProvider(connections, poolConfig(config.commandTimeout()));
        SingleNodeExecutor executor = new SingleNodeExecutor(provider, waits);
        UnifiedJedis client;
        try {
            client = new ExecutorClient(executor, provider);
        } catch (RuntimeException e) {
            provider.close();
            alsoOnClose.run();
            throw e;
        }
        return new JedisCommandExecutor(client, where, () -> {
            alsoOnClose.run();
            client.close();
            provider.close();
        }, waits, null);
    }

    private static JedisCommandExecutor connectCluster(RedisStoreConfig config, RedisTopology.Cluster topology, ReplicaWait waits) {
        String where = "Redis Cluster at " + config.redactedUri();
        Set<HostAndPort> seeds = new LinkedHashSet<>();
        for (RedisAddress seed : topology.seeds()) {
            seeds.add(new HostAndPort(seed.host(), seed.port()));
        }
        DefaultJedisClientConfig.Builder builder = baseClientConfig(config, config.credentials().orElse(null))
                // Where Jedis opens a socket to any node, seed or discovered: the plaintext rule.
                .hostAndPortMapper(new PlaintextGuard(config));
        if (topology.tls()) {
            SSLParameters verifyHost = new SSLParameters();
            verifyHost.setEndpointIdentificationAlgorithm("HTTPS");
            builder.ssl(true).sslSocketFactory(TlsContexts.create(config).getSocketFactory()).sslParameters(verifyHost);
        }
        JedisClientConfig clientConfig = builder.build();
        ClusterConnectionProvider provider;
        try {
            GenericObjectPoolConfig<Connection> pool = poolConfig(config.commandTimeout());
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
            throw unavailable(where, "connect", e);
        }
        ClusterExecutor executor = new ClusterExecutor(provider, waits);
        UnifiedJedis client;
        try {
            client = new ExecutorClient(executor, provider);
        } catch (RuntimeException e) {
            executor.close();
            provider.close();
            throw e;
        }
        JedisCommandExecutor clustered = new JedisCommandExecutor(client, where, () -> {
            client.close();
            provider.close();
        }, waits, provider);
        clustered.keyspace = listener -> KeyspaceSubscriptions.cluster(provider, clientConfig, listener);
        return clustered;
    }

    private static JedisCommandExecutor connectSentinel(RedisStoreConfig config, RedisTopology.Sentinel topology, ReplicaWait waits) {
        String where = "Redis master '" + topology.masterName() + "' via Sentinel at " + config.redactedUri();
        SSLContext tls = topology.tls() ? TlsContexts.create(config) : null;
        int connectTimeout = millis(config.connectTimeout());
        int commandTimeout = millis(config.commandTimeout());
        JedisClientConfig sentinelConfig = baseClientConfig(config, config.sentinelCredentials().orElse(null)).build();
        SentinelMaster master = new SentinelMaster(topology.sentinels(), topology.masterName(), sentinel -> new Connection(
                new ProbedSocketFactory(sentinel.host(), sentinel.port(), connectTimeout, commandTimeout, tls), sentinelConfig));
        JedisClientConfig dataConfig = baseClientConfig(config, config.credentials().orElse(null))
                .database(topology.database())
                .build();
        PlaintextGuard guard = new PlaintextGuard(config);
        // Each new connection asks the Sentinels where the master is now; none reuses an address.
        ProbedConnectionFactory connections = new ProbedConnectionFactory(() -> {
            RedisAddress address = master.resolve();
            guard.check(address.host());
            return new ProbedSocketFactory(address.host(), address.port(), connectTimeout, commandTimeout, tls);
        }, dataConfig);
        probe(connections, where);
        JedisCommandExecutor executor = pooled(connections, config, where, waits, master::close);
        master.watch(() -> {
            // A failover that leaves the old master running keeps it writable for seconds: move now.
            connections.retireAll();
            executor.followingMaster.forEach(KeyspaceSubscriptions.Loop::moveOn);
            LOG.info("the Sentinels announced a new master for {}; connections move to it", where);
        });
        executor.keyspace = listener -> executor.followMaster(
                KeyspaceSubscriptions.single(connections::open, topology.database(), listener, where));
        return executor;
    }

    private Subscription followMaster(KeyspaceSubscriptions.Loop loop) {
        followingMaster.add(loop);
        return () -> {
            followingMaster.remove(loop);
            loop.close();
        };
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
        Function<Consumer<byte[]>, Subscription> open = keyspace;
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
     * replaced; the clients this class opens itself check before every reuse instead.
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
        return new JedisCommandExecutor(client, "Redis (the application's Jedis client)", () -> {}, new ReplicaWait(0, 0), null);
    }

    @Override
    public byte @Nullable [] get(byte[] key) {
        return call("GET", () -> jedis.get(key));
    }

    @Override
    public byte @Nullable [] getex(byte[] key, long ttlMillis) {
        return call("GETEX", () -> jedis.getEx(key, GetExParams.getExParams().px(ttlMillis)));
    }

    @Override
    public boolean setIfAbsent(byte[] key, byte[] value, long ttlMillis) {
        return "OK".equals(write("SET", key, JedisCommandExecutor::wasSet, () -> jedis.set(key, value, SetParams.setParams().nx().px(ttlMillis))));
    }

    @Override
    public boolean setIfPresent(byte[] key, byte[] value, long ttlMillis) {
        return "OK".equals(write("SET", key, JedisCommandExecutor::wasSet, () -> jedis.set(key, value, SetParams.setParams().xx().px(ttlMillis))));
    }

    @Override
    public boolean pexpire(byte[] key, long ttlMillis) {
        return write("PEXPIRE", key, JedisCommandExecutor::countsSome, () -> jedis.pexpire(key, ttlMillis)) == 1;
    }

    @Override
    public boolean pexpire(byte[] key, long ttlMillis, ExpiryCondition condition) {
        long set = write("PEXPIRE", key, JedisCommandExecutor::countsSome, () -> switch (condition) {
            case ALWAYS -> jedis.pexpire(key, ttlMillis);
            case IF_NONE -> jedis.pexpire(key, ttlMillis, ExpiryOption.NX);
            case IF_LATER -> jedis.pexpire(key, ttlMillis, ExpiryOption.GT);
        });
        return set == 1;
    }

    @Override
    public byte @Nullable [] getdel(byte[] key) {
        return write("GETDEL", key, reply -> reply != null, () -> jedis.getDel(key));
    }

    @Override
    public long unlink(byte[] key) {
        return write("UNLINK", key, JedisCommandExecutor::countsSome, () -> jedis.unlink(key));
    }

    @Override
    public String scriptLoad(byte[] script) {
        // UnifiedJedis's binary SCRIPT LOAD wants a key to route by; on a standalone server there is none to give.
        CommandObject<String> load = new CommandObject<>(
                new CommandArguments(Protocol.Command.SCRIPT).add(Protocol.Keyword.LOAD).add(script), BuilderFactory.STRING);
        ClusterConnectionProvider nodes = cluster;
        if (nodes == null) {
            return String.valueOf(call("SCRIPT LOAD", () -> jedis.executeCommand(load)));
        }
        return call("SCRIPT LOAD", () -> scriptLoadOnEveryNode(nodes, load));
    }

    /*
     * Every node Jedis knows from the slot map, replicas included, so that a replica promoted
     * later already has the script. A node that cannot take it now is skipped as long as another
     * took it: it answers NOSCRIPT when used, and the store's reload then reaches it (a node that
     * answered is in the map). Only when no node took it does this fail.
     */
    private String scriptLoadOnEveryNode(ClusterConnectionProvider nodes, CommandObject<String> load) {
        String sha1 = null;
        JedisException firstFailure = null;
        List<String> skipped = new ArrayList<>();
        Map<String, ConnectionPool> known = new LinkedHashMap<>(nodes.getNodes());
        for (Map.Entry<String, ConnectionPool> node : known.entrySet()) {
            try (Connection connection = node.getValue().getResource()) {
                String answer = connection.executeCommand(load);
                if (sha1 == null) {
                    sha1 = answer;
                } else if (!sha1.equalsIgnoreCase(answer)) {
                    // Only a server that is not Redis answers so; the store refuses to go on.
                    throw new JedisException("the nodes of the Cluster filed the script under different SHA-1s");
                }
            } catch (JedisException e) {
                if (e.getMessage() != null && e.getMessage().startsWith("the nodes of the Cluster")) {
                    throw e;
                }
                skipped.add(node.getKey());
                if (firstFailure == null) {
                    firstFailure = e;
                }
            }
        }
        if (sha1 == null) {
            throw firstFailure != null ? firstFailure : new JedisConnectionException("no Cluster node is known yet");
        }
        if (!skipped.isEmpty()) {
            LOG.debug("loaded a script on {} Cluster node(s) of {}; {} did not take it now and will be loaded on NOSCRIPT",
                    known.size() - skipped.size(), where, skipped);
        }
        return sha1;
    }

    @Override
    public RedisReply evalsha(String sha1, List<byte[]> keys, List<byte[]> args) {
        byte[] digest = sha1.getBytes(StandardCharsets.US_ASCII);
        // The store's scripts touch one key, the first; it names the write for WAIT.
        Object reply = keys.isEmpty() ? call("EVALSHA", () -> jedis.evalsha(digest, keys, args))
                : write("EVALSHA", keys.get(0), always -> true, () -> jedis.evalsha(digest, keys, args));
        return Replies.toReply(reply);
    }

    @Override
    public long zadd(byte[] key, double score, byte[] member) {
        return write("ZADD", key, always -> true, () -> jedis.zadd(key, score, member));
    }

    @Override
    public long zrem(byte[] key, List<byte[]> members) {
        byte[][] array = members.toArray(new byte[0][]);
        return write("ZREM", key, JedisCommandExecutor::countsSome, () -> jedis.zrem(key, array));
    }

    @Override
    public long zremrangebyscore(byte[] key, double maxInclusive) {
        byte[] max = Replies.scoreBound(maxInclusive, false);
        return write("ZREMRANGEBYSCORE", key, JedisCommandExecutor::countsSome, () -> jedis.zremrangeByScore(key, MINUS_INFINITY, max));
    }

    @Override
    public List<ScoredMember> zrangebyscore(byte[] key, double minExclusive) {
        byte[] min = Replies.scoreBound(minExclusive, true);
        List<Tuple> tuples = call("ZRANGEBYSCORE", () -> jedis.zrangeByScoreWithScores(key, min, PLUS_INFINITY));
        List<ScoredMember> members = new ArrayList<>(tuples.size());
        for (Tuple tuple : tuples) {
            members.add(new ScoredMember(tuple.getBinaryElement(), tuple.getScore()));
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
                LOG.warn("closing the Jedis client of {} failed: {}", where, e.toString());
            }
        }
    }

    @Override
    public String toString() {
        return "JedisCommandExecutor[" + where + "]";
    }

    private <T> T call(String command, Supplier<T> operation) {
        if (closed.get()) {
            // A closed pool's own error ("Pool not open") says less than this.
            throw new SessionStoreUnavailableException("the connection to " + where + " was closed; " + command + " not sent");
        }
        try {
            return operation.get();
        } catch (JedisNoScriptException e) {
            throw new RedisScriptNotLoadedException(where + " does not have the script (NOSCRIPT)", e);
        } catch (JedisDataException e) {
            throw RedisErrors.fromServerError(where, command, String.valueOf(e.getMessage()), e);
        } catch (JedisException e) {
            throw unavailable(where, command, e);
        }
    }

    /*
     * A write of key: with the durability knob on, followed by WAIT on its connection when its
     * reply shows a change (see ReplicaWait). ZADD counts only new members, but a changed score is
     * a change too; a script's reply says nothing general, so both always wait.
     */
    private <T> T write(String command, byte[] key, Predicate<Object> changedSomething, Supplier<T> operation) {
        return call(command, () -> waits.write(key, changedSomething, operation));
    }

    /* SET NX/XX: "OK" when written, nil when the condition failed. */
    private static boolean wasSet(@Nullable Object reply) {
        return reply != null;
    }

    /* PEXPIRE, UNLINK, ZREM, ZREMRANGEBYSCORE: how many keys or members were affected. */
    private static boolean countsSome(@Nullable Object reply) {
        return reply instanceof Long count && count > 0;
    }

    private static SessionStoreUnavailableException unavailable(String where, String command, JedisException e) {
        if (causedBy(e, InterruptedException.class) || causedBy(e, ClosedByInterruptException.class)) {
            Thread.currentThread().interrupt();
            return new SessionStoreUnavailableException("interrupted while waiting for " + where + " to answer " + command, e);
        }
        if (causedBy(e, SocketTimeoutException.class)) {
            return new SessionStoreUnavailableException(where + " did not answer " + command + " in time", e);
        }
        if (causedBy(e, NoSuchElementException.class)) {
            return new SessionStoreUnavailableException("no connection to " + where + " became free within the command "
                    + "timeout (" + command + ")", e);
        }
        if (e instanceof JedisConnectionException) {
            return new SessionStoreUnavailableException(where + " cannot be reached (" + command + ")", e);
        }
        return new SessionStoreUnavailableException(where + " failed " + command + ": " + e.getClass().getSimpleName(), e);
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

    private static void checkTransport(RedisEndpoint endpoint, RedisStoreConfig config) {
        if (!endpoint.tls() && !RedisAddress.isLoopback(endpoint.host())) {
            if (!config.plaintextToRemoteHostAllowed()) {
                throw new IllegalArgumentException("plaintext redis:// to " + endpoint.host() + " would send the password and "
                        + "every sealed record readable on the network; use rediss://, or allow it explicitly with "
                        + "RedisStoreConfig.custom().allowPlaintextToRemoteHost(true)");
            }
            LOG.warn("connecting to {} without TLS: its traffic, including the password, can be read on the network",
                    config.redactedUri());
        }
        if (!endpoint.tls() && (config.trustStore().isPresent() || config.keyStore().isPresent())) {
            throw new IllegalArgumentException("a trust store or key store was given, but " + config.redactedUri()
                    + " does not use TLS; use rediss://");
        }
    }

    /* Timeouts, RESP2 without negotiation, no CLIENT SETINFO, and the login, for Cluster nodes, Sentinels and masters. */
    private static DefaultJedisClientConfig.Builder baseClientConfig(RedisStoreConfig config, @Nullable RedisCredentials login) {
        DefaultJedisClientConfig.Builder builder = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(millis(config.connectTimeout()))
                .socketTimeoutMillis(millis(config.commandTimeout()))
                .autoNegotiateProtocol(false)
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED);
        if (login != null) {
            builder.credentialsProvider(new DefaultRedisCredentialsProvider(
                    new DefaultRedisCredentials(login.username().orElse(null), login.password())));
        }
        return builder;
    }


    private static JedisClientConfig clientConfig(RedisEndpoint endpoint, RedisStoreConfig config) {
        DefaultJedisClientConfig.Builder builder = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(millis(config.connectTimeout()))
                .socketTimeoutMillis(millis(config.commandTimeout()))
                .database(endpoint.database())
                .clientName(endpoint.clientName())
                // No protocol and no negotiation: RESP2 with AUTH, which every ACL user may run,
                // and no HELLO. No CLIENT SETINFO either: a least-privilege user may not run it.
                .autoNegotiateProtocol(false)
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED);
        char[] password = endpoint.password();
        if (password != null) {
            builder.credentialsProvider(new DefaultRedisCredentialsProvider(new DefaultRedisCredentials(endpoint.user(), password)));
        }
        return builder.build();
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

    private static int millis(Duration duration) {
        // Zero would mean "no timeout" to a socket; the config only holds positive durations.
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, duration.toMillis()));
    }

    /**
     * The answer of the {@code WAIT} that this executor sent right after this thread's latest write
     * of {@code keyOfTheWrite}, on the pooled connection that carried it (to the node that took it,
     * on a Cluster): a pool lends another connection to the next command, and Redis counts
     * acknowledgements per connection. So an executor opened by {@link #connect(RedisStoreConfig)}
     * with {@link RedisStoreConfig#waitReplicas()} above 0 takes two round trips per write, and
     * {@code replicas} and {@code timeoutMillis} must be that configuration's (as they are for a
     * store built from it).
     *
     * @throws IllegalStateException when this executor was not opened to wait (such as one from
     *     {@link #using}), or with other numbers, or the thread's latest write was of another key
     */
    @Override
    public long waitForReplicas(byte[] keyOfTheWrite, int replicas, long timeoutMillis) {
        return call("WAIT", () -> waits.take(keyOfTheWrite, replicas, timeoutMillis));
    }

    /**
     * Sends the command on a pooled connection, under a {@link ProtocolCommand} made from its name;
     * Jedis hands back the raw reply ({@code byte[]} for bulk and status strings, {@link Long},
     * {@link List}, {@code null}), which {@link Replies#toReply} translates.
     */
    @Override
    public RedisReply command(List<byte[]> commandAndArguments) {
        if (commandAndArguments.isEmpty()) {
            throw new IllegalArgumentException("a command has at least a name");
        }
        byte[] name = commandAndArguments.get(0).clone();
        ProtocolCommand command = () -> name;
        byte[][] args = commandAndArguments.subList(1, commandAndArguments.size()).toArray(new byte[0][]);
        Object reply = call(new String(name, StandardCharsets.US_ASCII), () -> jedis.sendCommand(command, args));
        return Replies.toReply(reply);
    }
}

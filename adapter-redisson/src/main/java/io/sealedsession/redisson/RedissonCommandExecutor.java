package io.sealedsession.redisson;

import io.netty.buffer.Unpooled;
import io.sealedsession.core.SessionStoreUnavailableException;
import io.sealedsession.redis.RedisAddress;
import io.sealedsession.redis.RedisCommandExecutor;
import io.sealedsession.redis.RedisCommandRejectedException;
import io.sealedsession.redis.RedisCredentials;
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
import io.sealedsession.redisson.internal.Failures;
import io.sealedsession.redisson.internal.InvocationParams;
import io.sealedsession.redisson.internal.PlaintextGuard;
import io.sealedsession.redisson.internal.TopologyCredentials;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.redisson.Redisson;
import org.redisson.RedissonShutdownException;
import org.redisson.api.BatchOptions;
import org.redisson.api.NodeType;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisConnectionException;
import org.redisson.client.RedisException;
import org.redisson.client.RedisNoScriptException;
import org.redisson.client.RedisTimeoutException;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.protocol.RedisCommand;
import org.redisson.command.CommandAsyncExecutor;
import org.redisson.command.CommandBatchService;
import org.redisson.config.BaseMasterSlaveServersConfig;
import org.redisson.config.Config;
import org.redisson.config.EqualJitterDelay;
import org.redisson.config.Protocol;
import org.redisson.config.ReadMode;
import org.redisson.config.SslVerificationMode;
import org.redisson.config.SubscriptionMode;
import org.redisson.connection.ClientConnectionsEntry;
import org.redisson.connection.MasterSlaveEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RedisCommandExecutor} on Redisson's low-level command executor with the byte-array codec.
 * The commands, their replies and errors are {@link AbstractRedisCommandExecutor}'s; this class
 * holds Redisson's client.
 *
 * <p><b>One command per call.</b> Each method writes exactly the one command its
 * {@link RedisCommandExecutor} contract names, with Redisson's {@code ByteArrayCodec} and no
 * Redisson object around it: no codec of Redisson's wraps the values, no name mapper or prefix
 * touches the keys, no script cache turns {@code EVALSHA} into {@code EVAL}, and commands are
 * never resent (retry attempts are 0 for this executor's commands, on its own client and on an
 * application's). Two exceptions: {@code SCRIPT LOAD} goes to every master and every replica
 * Redisson tracks; and with durability each write is pipelined with its {@code WAIT} on one
 * connection, since Redisson takes a pooled connection per command. Every command goes to the
 * master of its key (on a Cluster, of its key's slot, with {@code MOVED} and {@code ASK}
 * followed), so a load always sees the latest write.
 *
 * <p><b>Failures.</b> Every call waits at most the command timeout (default 2 s, from
 * {@link RedisStoreConfig#commandTimeout()}; on an application's client, that client's
 * {@code timeout}): Redisson's own timer ends the command then, and the executor stops waiting
 * 0.25 s later whatever happens. A timeout, a refused or lost connection, or a client that was
 * shut down becomes a {@link SessionStoreUnavailableException}; an error reply becomes a
 * {@link RedisCommandRejectedException} with the server's text cleaned; {@code NOSCRIPT} becomes
 * {@link RedisScriptNotLoadedException}. Redisson reconnects by itself (attempts at most 1 s apart
 * on clients created here). Keys, values and members are handed to Redisson as buffers, which its
 * exception messages, and its logs up to DEBUG, describe by size only.
 *
 * <p><b>Deployments.</b> {@link #connect} reads the {@link ConnectionPlan}: one server, a Cluster
 * (seeds; the slot map re-read every second) or Sentinel (the configured Sentinels, asked for the
 * master every 250 ms, which is how Redisson follows a failover). Plaintext connections, to any
 * node Redisson learns about, go only to loopback addresses unless the config allows otherwise;
 * with TLS every node's certificate and host name are verified.
 *
 * <p><b>What Redisson sends on its own.</b> On every new connection: {@code AUTH} when a password
 * is set ({@code SELECT} too when a database other than 0 is named), nothing else: no
 * {@code PING}, no {@code HELLO} (RESP2). Once, when a client created by {@link #connect} starts,
 * Redisson probes for a cluster with an {@code EVAL} that a least-privilege ACL user is refused
 * ({@code NOPERM}, which Redisson ignores); the store works on.
 *
 * <p><b>Ownership.</b> What {@link #connect(RedisStoreConfig)} creates is shut down by
 * {@link #close()}. A client passed to {@link #using} belongs to the application.
 */
public final class RedissonCommandExecutor extends AbstractRedisCommandExecutor implements RedisKeyspaceSubscriber {

    private static final Logger LOG = LoggerFactory.getLogger(RedissonCommandExecutor.class);

    /** How long after the command timeout the executor stops waiting for Redisson's own timer. */
    private static final long DEADLINE_SLACK_MILLIS = 250;

    /*
     * A session store needs few connections kept open: Redisson opens more on demand, up to the
     * pool size, and closes them after 10 s idle. Redisson's defaults suit an application that
     * uses Redisson for everything; this client does one thing.
     */
    private static final int KEPT_CONNECTIONS = 2;
    private static final int MAX_CONNECTIONS = 32;
    private static final int WORKER_THREADS = 2;
    private static final int CLUSTER_SCAN_MILLIS = 1000;
    private static final int SENTINEL_SCAN_MILLIS = 250;
    private static final RedisCommand<Object> WAIT = new RedisCommand<>("WAIT");

    private final CommandAsyncExecutor commands;
    /** The same, with read mode SLAVE, so that a command for a named replica reaches it. */
    private final CommandAsyncExecutor replicaCommands;
    private final long waitMillis;
    private final Runnable release;
    /* The client that opens subscriptions to expired keys, and their database; null on an application's client. */
    private final @Nullable RedissonClient subscriber;
    private final int database;

    private RedissonCommandExecutor(CommandAsyncExecutor commands, long timeoutMillis, String where, Durability durability,
            Runnable release, @Nullable RedissonClient subscriber, int database) {
        super(where, durability, Duration.ofMillis(timeoutMillis));
        this.commands = commands;
        this.replicaCommands = commands.copy(new InvocationParams((int) Math.min(Integer.MAX_VALUE, timeoutMillis), ReadMode.SLAVE));
        this.waitMillis = timeoutMillis + DEADLINE_SLACK_MILLIS;
        this.release = release;
        this.subscriber = subscriber;
        this.database = database;
    }

    private RedissonCommandExecutor(RedissonCommandExecutor same, Durability durability) {
        super(same, durability);
        this.commands = same.commands;
        this.replicaCommands = same.replicaCommands;
        this.waitMillis = same.waitMillis;
        this.release = same.release;
        this.subscriber = same.subscriber;
        this.database = same.database;
    }

    /**
     * Connects as {@code config} says, with a Redisson client of its own, with the settings its
     * {@link ConnectionPlan} resolves: TLS verifies every certificate chain and host name
     * (Redisson's {@link SslVerificationMode#STRICT}) with the trust and key managers of the plan;
     * plaintext only to loopback hosts unless the config allows more, for every node Redisson
     * connects to; the config's command timeout is Redisson's response timeout, its connect
     * timeout Redisson's connect timeout. Threads: 2 Redisson workers and as many Netty threads as
     * processors (at least 2). Connections: 2 kept open, up to 32.
     *
     * @throws IllegalArgumentException when the configuration or the TLS material cannot be used
     * @throws SessionStoreUnavailableException when Redis cannot be reached or refuses the login
     */
    public static RedissonCommandExecutor connect(RedisStoreConfig config) {
        ConnectionPlan plan = ConnectionPlan.of(config);
        RedissonClient client;
        try {
            client = Redisson.create(redissonConfig(plan));
        } catch (RedisException e) {
            String refusal = Failures.setupRefusal(e);
            if (refusal != null) {
                throw new SessionStoreUnavailableException(plan.where() + " refused to set up the connection (" + refusal
                        + "); check the user name, the password and the user's ACL", e);
            }
            throw failed(plan.where(), "connect", failure(e), e);
        }
        long timeoutMillis = plan.commandTimeout().toMillis();
        CommandAsyncExecutor commands = ((Redisson) client).getCommandExecutor()
                .copy(new InvocationParams((int) Math.min(Integer.MAX_VALUE, timeoutMillis)));
        // No quiet period: the store is closing, nothing of Redisson's is in use any more.
        return new RedissonCommandExecutor(commands, timeoutMillis, plan.where(), plan.durability(),
                () -> client.shutdown(0, 2, TimeUnit.SECONDS), client, plan.database());
    }

    /**
     * Uses the application's Redisson client, which stays the application's: {@link #close()}
     * leaves it running. Its settings apply (servers, TLS, credentials, pool, response timeout),
     * except that this executor's commands are never resent whatever the client's retry
     * attempts, and that they always go to a master. The client's response timeout (Redisson's
     * default is 3 s) bounds every call.
     *
     * @throws IllegalArgumentException when {@code client} is not Redisson's own implementation
     *     (such as a test double or a proxy), whose command executor this needs
     */
    public static RedissonCommandExecutor using(RedissonClient client) {
        Objects.requireNonNull(client, "client");
        if (!(client instanceof Redisson redisson)) {
            throw new IllegalArgumentException("the client must be one that Redisson.create returned, but was a "
                    + client.getClass().getName());
        }
        CommandAsyncExecutor own = redisson.getCommandExecutor();
        long timeoutMillis = own.getServiceManager().getConfig().getTimeout();
        // Timeout 0: the client's own response timeout applies.
        return new RedissonCommandExecutor(own.copy(new InvocationParams(0)), timeoutMillis,
                "Redis (the application's Redisson client)", Durability.NONE, () -> {}, null, 0);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Through a Redisson topic on the expired-key channel, which Redisson subscribes on every
     * master of a Cluster and subscribes again after reconnects, failovers and changes of masters.
     * Not available on a client the application handed to {@link #using}.
     */
    @Override
    public Subscription subscribeToExpiredKeys(Consumer<byte[]> expiredKey) {
        Objects.requireNonNull(expiredKey, "expiredKey");
        RedissonClient client = subscriber;
        if (client == null) {
            throw new UnsupportedOperationException("an executor on the application's own Redisson client cannot open a "
                    + "subscription; open the executor with connect(config)");
        }
        RTopic topic = client.getTopic("__keyevent@" + database + "__:expired", ByteArrayCodec.INSTANCE);
        int listener = guarded("SUBSCRIBE", () -> topic.addListener(byte[].class, (channel, key) -> expiredKey.accept(key)));
        AtomicBoolean ended = new AtomicBoolean();
        return () -> {
            if (ended.compareAndSet(false, true)) {
                try {
                    topic.removeListener(listener);
                } catch (RedisException e) {
                    LOG.debug("unsubscribing from expired keys on {} failed: {}", where(), e.toString());
                }
            }
        };
    }

    @Override
    protected RedisReply send(RedisCall call) {
        return Replies.of(await(call.name(), commands.<Object, Object>writeAsync(route(call), ByteArrayCodec.INSTANCE,
                new RedisCommand<>(call.name()), params(call)).toCompletableFuture()));
    }

    /*
     * The write and its WAIT go to the key's master as one pipelined batch on one connection:
     * Redis counts acknowledgements per connection, and a WAIT sent on its own could land on a
     * pooled connection that wrote nothing. So every write waits, whatever it changed. The batch
     * is never resent either.
     */
    @Override
    protected Written sendAndWait(RedisCall call, Predicate<RedisReply> changed, Durability durability) {
        CommandBatchService batch = new CommandBatchService(commands, BatchOptions.defaults()
                .executionMode(BatchOptions.ExecutionMode.IN_MEMORY)
                .retryAttempts(0)
                .responseTimeout(waitMillis - DEADLINE_SLACK_MILLIS, TimeUnit.MILLISECONDS));
        CompletableFuture<Object> written = batch.<Object, Object>writeAsync(route(call), ByteArrayCodec.INSTANCE,
                new RedisCommand<>(call.name()), params(call)).toCompletableFuture();
        CompletableFuture<Object> waited = batch.<Object, Object>writeAsync(route(call), ByteArrayCodec.INSTANCE, WAIT,
                durability.replicas(), durability.timeoutMillis()).toCompletableFuture();
        batch.executeAsync();
        return await(call.name(), written.thenCombine(waited,
                (reply, count) -> new Written(Replies.of(reply), acknowledged(Replies.of(count)))));
    }

    /*
     * Every master and every replica Redisson tracks. The script goes as an array, which every
     * node's command can share (a buffer would be released by the first); it is the library's own
     * Lua source, not a secret.
     */
    @Override
    protected Map<String, CompletableFuture<RedisReply>> sendToEveryNode(RedisCall call) {
        Object[] params = call.arguments().stream().map(byte[]::clone).toArray();
        RedisCommand<Object> command = new RedisCommand<>("SCRIPT", "LOAD");
        Object[] source = {params[1]};
        Map<String, CompletableFuture<RedisReply>> replies = new LinkedHashMap<>();
        for (MasterSlaveEntry entry : commands.getConnectionManager().getEntrySet()) {
            replies.put(String.valueOf(entry.getClient().getAddr()), commands.<Object, Object>writeAsync(entry,
                    ByteArrayCodec.INSTANCE, command, source).toCompletableFuture().thenApply(Replies::of));
            for (ClientConnectionsEntry node : entry.getAllEntries()) {
                if (node.getNodeType() == NodeType.SLAVE && !node.isFreezed()
                        && !node.getClient().getAddr().equals(entry.getClient().getAddr())) {
                    replies.put(String.valueOf(node.getClient().getAddr()), replicaCommands.<Object, Object>readAsync(
                            node.getClient(), entry, ByteArrayCodec.INSTANCE, command, source)
                            .toCompletableFuture().thenApply(Replies::of));
                }
            }
        }
        return replies;
    }

    @Override
    protected AbstractRedisCommandExecutor withOtherDurability(Durability durability) {
        return new RedissonCommandExecutor(this, durability);
    }

    @Override
    protected Failure classify(Throwable failure) {
        return failure(failure);
    }

    @Override
    protected void release() {
        release.run();
    }

    private static Failure failure(Throwable e) {
        if (e instanceof RedisNoScriptException) {
            return Failure.of(Failure.Kind.NO_SCRIPT);
        }
        String serverError = Failures.serverError(e);
        if (serverError != null) {
            return Failure.serverError(serverError);
        }
        if (e instanceof RedisTimeoutException) {
            return Failure.of(Failure.Kind.TIMEOUT);
        }
        if (e instanceof RedisConnectionException) {
            return Failure.of(Failure.Kind.UNREACHABLE);
        }
        return Failure.of(e instanceof RedissonShutdownException ? Failure.Kind.SHUT_DOWN : Failure.Kind.OTHER);
    }

    private static byte[] route(RedisCall call) {
        return call.routingKey() == null ? new byte[0] : call.routingKey();
    }

    /*
     * Arguments go to Redisson as buffers rather than arrays: Redisson writes both the same way,
     * but describes an array in its exception messages and logs by its first bytes and a buffer
     * by its size only.
     */
    private static Object[] params(RedisCall call) {
        return call.arguments().stream().map(Unpooled::wrappedBuffer).toArray();
    }

    private <T> T await(String command, CompletableFuture<T> reply) {
        try {
            return reply.get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw failed(where(), command, failure(cause), cause);
        } catch (TimeoutException e) {
            reply.cancel(false);
            throw failed(where(), command, Failure.of(Failure.Kind.TIMEOUT), e);
        } catch (java.util.concurrent.CancellationException e) {
            throw new SessionStoreUnavailableException(where() + " did not answer " + command + ": cancelled", e);
        } catch (InterruptedException e) {
            reply.cancel(false);
            throw failed(where(), command, Failure.of(Failure.Kind.INTERRUPTED), e);
        }
    }

    /*
     * The seeds or Sentinels come from the plan; every node Redisson learns about later is
     * covered by the plaintext guard (plaintext) or by STRICT certificate verification (TLS).
     * Reads go to masters only: a replica may lag behind a write just acknowledged.
     */
    private static Config redissonConfig(ConnectionPlan plan) {
        Config redisson = new Config()
                .setCodec(ByteArrayCodec.INSTANCE)
                // RESP2 logs in with AUTH, which every ACL user may run; RESP3's HELLO needs a
                // permission a least-privilege user should not have to be granted.
                .setProtocol(Protocol.RESP2)
                .setThreads(WORKER_THREADS)
                .setNettyThreads(Math.max(2, Runtime.getRuntime().availableProcessors()))
                // Without the keep-alive PING, dead peers are found by TCP keep-alive and by the command timeout.
                .setTcpKeepAlive(true)
                .setSslVerificationMode(SslVerificationMode.STRICT)
                .setNettyHook(new PlaintextGuard(plan.transport()));
        redisson.setReferenceEnabled(false);
        plan.trustManagers().ifPresent(redisson::setSslTrustManagerFactory);
        plan.keyManagers().ifPresent(redisson::setSslKeyManagerFactory);
        String scheme = plan.tls() ? "rediss://" : "redis://";
        RedisTopology topology = plan.topology();
        String[] addresses = topology.addresses().stream().map(a -> scheme + a).toArray(String[]::new);
        RedisCredentials data = plan.credentials().orElse(null);
        RedisCredentials sentinel = plan.sentinelCredentials().orElse(null);
        Set<InetSocketAddress> sentinels = Set.of();
        if (topology instanceof RedisTopology.Standalone) {
            redisson.useSingleServer()
                    .setAddress(addresses[0])
                    .setDatabase(plan.database())
                    .setClientName(plan.clientName().orElse(null))
                    .setConnectTimeout(plan.connectTimeoutMillis())
                    .setTimeout(plan.commandTimeoutMillis())
                    .setRetryAttempts(0)
                    .setPingConnectionInterval(0)
                    .setReconnectionDelay(new EqualJitterDelay(Duration.ofMillis(50), Duration.ofSeconds(1)))
                    .setConnectionMinimumIdleSize(KEPT_CONNECTIONS)
                    .setConnectionPoolSize(MAX_CONNECTIONS)
                    // The store uses no pub/sub: no subscription connection is opened in advance.
                    .setSubscriptionConnectionMinimumIdleSize(0)
                    .setSubscriptionConnectionPoolSize(1);
        } else {
            BaseMasterSlaveServersConfig<?> servers;
            if (topology instanceof RedisTopology.Cluster) {
                servers = redisson.useClusterServers()
                        .addNodeAddress(addresses)
                        // MOVED is followed at once; the scan finds promoted replicas and moved slots.
                        .setScanInterval(CLUSTER_SCAN_MILLIS)
                        // A slot without a master answers CLUSTERDOWN until a replica takes over; the
                        // store reports that as unavailable rather than refusing to start.
                        .setCheckSlotsCoverage(false);
            } else {
                RedisTopology.Sentinel s = (RedisTopology.Sentinel) topology;
                sentinels = resolved(s.sentinels());
                servers = redisson.useSentinelServers()
                        .addSentinelAddress(addresses)
                        .setMasterName(s.masterName())
                        .setDatabase(s.database())
                        // A demoted master stays writable for seconds, so the Sentinels are asked often.
                        .setScanInterval(SENTINEL_SCAN_MILLIS)
                        // Only the configured Sentinels: the credentials resolver tells them apart
                        // from data nodes by address, and an announced Sentinel would be unknown to it.
                        .setSentinelsDiscovery(false)
                        .setCheckSentinelsList(false);
            }
            servers.setReadMode(ReadMode.MASTER)
                    // Subscriptions are not used; the mode SLAVE only keeps Redisson tracking the
                    // replicas (with MASTER for both it forgets them), which SCRIPT LOAD must reach.
                    .setSubscriptionMode(SubscriptionMode.SLAVE)
                    .setConnectTimeout(plan.connectTimeoutMillis())
                    .setTimeout(plan.commandTimeoutMillis())
                    .setRetryAttempts(0)
                    .setPingConnectionInterval(0)
                    .setReconnectionDelay(new EqualJitterDelay(Duration.ofMillis(50), Duration.ofSeconds(1)))
                    .setFailedSlaveReconnectionInterval(1000)
                    .setMasterConnectionMinimumIdleSize(KEPT_CONNECTIONS)
                    .setMasterConnectionPoolSize(MAX_CONNECTIONS)
                    // Replicas only take SCRIPT LOAD: one connection each, opened on demand.
                    .setSlaveConnectionMinimumIdleSize(0)
                    .setSlaveConnectionPoolSize(1)
                    .setSubscriptionConnectionMinimumIdleSize(0)
                    .setSubscriptionConnectionPoolSize(1);
        }
        if (data != null || sentinel != null) {
            redisson.setCredentialsResolver(new TopologyCredentials(
                    data == null ? null : data.username().orElse(null), data == null ? null : data.password(),
                    sentinel == null ? null : sentinel.username().orElse(null), sentinel == null ? null : sentinel.password(),
                    sentinels));
        }
        return redisson;
    }

    /** Each Sentinel's addresses as Redisson will connect to them: a name may stand for several. */
    private static Set<InetSocketAddress> resolved(List<RedisAddress> sentinels) {
        Set<InetSocketAddress> result = new HashSet<>();
        for (RedisAddress sentinel : sentinels) {
            result.add(InetSocketAddress.createUnresolved(sentinel.host(), sentinel.port()));
            try {
                for (InetAddress address : InetAddress.getAllByName(sentinel.host())) {
                    result.add(new InetSocketAddress(address, sentinel.port()));
                }
            } catch (UnknownHostException e) {
                throw new SessionStoreUnavailableException("the Sentinel host " + sentinel.host() + " is not known", e);
            }
        }
        return result;
    }
}

package io.sealedsession.redisson;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sealedsession.core.SessionStoreUnavailableException;
import io.sealedsession.redis.ExpiryCondition;
import io.sealedsession.redis.RedisAddress;
import io.sealedsession.redis.RedisCommandExecutor;
import io.sealedsession.redis.RedisKeyspaceSubscriber;
import io.sealedsession.redis.RedisCredentials;
import io.sealedsession.redis.RedisErrors;
import io.sealedsession.redis.RedisCommandRejectedException;
import io.sealedsession.redis.RedisReply;
import io.sealedsession.redis.RedisScriptNotLoadedException;
import io.sealedsession.redis.RedisStoreConfig;
import io.sealedsession.redis.RedisTopology;
import io.sealedsession.redis.ScoredMember;
import io.sealedsession.redisson.internal.ConfiguredCredentials;
import io.sealedsession.redisson.internal.Failures;
import io.sealedsession.redisson.internal.Hosts;
import io.sealedsession.redisson.internal.InvocationParams;
import io.sealedsession.redisson.internal.PlaintextGuard;
import io.sealedsession.redisson.internal.RedisUri;
import io.sealedsession.redisson.internal.Replies;
import io.sealedsession.redisson.internal.Scores;
import io.sealedsession.redisson.internal.TopologyCredentials;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.redisson.Redisson;
import org.redisson.RedissonShutdownException;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisConnectionException;
import org.redisson.client.RedisException;
import org.redisson.client.RedisNoScriptException;
import org.redisson.client.RedisTimeoutException;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.api.RTopic;
import org.redisson.client.protocol.RedisCommand;
import org.redisson.api.BatchOptions;
import org.redisson.command.CommandAsyncExecutor;
import org.redisson.command.CommandBatchService;
import org.redisson.connection.ClientConnectionsEntry;
import org.redisson.connection.MasterSlaveEntry;
import org.redisson.api.NodeType;
import org.redisson.config.BaseMasterSlaveServersConfig;
import org.redisson.config.Config;
import org.redisson.config.EqualJitterDelay;
import org.redisson.config.Protocol;
import org.redisson.config.ReadMode;
import org.redisson.config.SslVerificationMode;
import org.redisson.config.SubscriptionMode;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RedisCommandExecutor} on Redisson's low-level command executor with the byte-array codec.
 *
 * <p><b>One command per call.</b> Each method writes exactly the one command its
 * {@link RedisCommandExecutor} contract names, with Redisson's {@code ByteArrayCodec} and no
 * Redisson object around it: no codec of Redisson's wraps the values, no name mapper or prefix
 * touches the keys, no script cache turns {@code EVALSHA} into {@code EVAL}, and commands are
 * never resent (retry attempts are 0 for this executor's commands, on its own client and on an
 * application's). Two exceptions: {@link #scriptLoad} loads the script on every master and every
 * replica Redisson tracks (one command on a single server), skipping nodes that do not answer as
 * long as one took it; and with replica acknowledgement configured, each write is pipelined with
 * its {@code WAIT} on one connection (see {@link #waitForReplicas}). Every command goes to the
 * master of its key (on a Cluster, of its key's slot, with {@code MOVED} and {@code ASK}
 * followed), so a load always sees the latest write.
 *
 * <p><b>Thread safety.</b> Redisson's client is thread-safe and takes a pooled connection per
 * command; this executor keeps no state besides its closed flag.
 *
 * <p><b>Failures.</b> Every call waits at most the command timeout (default 2 s, from
 * {@link RedisStoreConfig#commandTimeout()}; on an application's client, that client's
 * {@code timeout}): Redisson's own timer ends the command then, and the executor stops waiting
 * 0.25 s later whatever happens. A timeout, a refused or lost connection, or a client that was
 * shut down becomes a {@link SessionStoreUnavailableException} with Redisson's exception as the
 * cause; an error reply becomes a {@link RedisCommandRejectedException} with the server's text
 * cleaned; {@code NOSCRIPT} becomes {@link RedisScriptNotLoadedException}. Redisson reconnects by
 * itself when Redis comes back (attempts at most 1 s apart on clients created here), and a command
 * that finds no open connection opens one, so the same executor works again without being rebuilt.
 * Messages name the host, never the password. Keys, values and members are handed to Redisson as
 * buffers, which its exception messages, and its logs up to DEBUG, describe by size only.
 *
 * <p><b>Deployments.</b> {@link #connect} reads the topology of the config: one server, a Cluster
 * (seeds; the slot map re-read every second) or Sentinel (the configured Sentinels, asked for the
 * master every 250 ms, which is how Redisson follows a failover). Plaintext connections, to any
 * node Redisson learns about, go only to loopback addresses unless the config allows otherwise
 * ({@link PlaintextGuard}); with TLS every node's certificate and host name are verified.
 *
 * <p><b>What Redisson sends on its own.</b> On every new connection: {@code AUTH} when a password
 * is set ({@code SELECT} too when a database other than 0 is named), nothing else: no
 * {@code PING} (the keep-alive ping is off; TCP keep-alive is on), no {@code CLIENT SETNAME}, no
 * {@code HELLO} (RESP2). Once, when a client created by {@link #connect} starts, Redisson probes
 * for a cluster with {@code EVAL "redis.call('get', KEYS[1]) redis.call('get', KEYS[2])" 2 test1
 * test2}; no setting turns this off. A least-privilege ACL user is refused it ({@code NOPERM},
 * which Redisson ignores and which shows up once in {@code ACL LOG}), and the store works on; the
 * ACL needs nothing beyond {@link io.sealedsession.redis.RedisSessionStore#requiredCommands}.
 *
 * <p><b>Ownership.</b> What {@link #connect(RedisStoreConfig)} creates (a Redisson client, its
 * threads and connections) is shut down by {@link #close()}. A client passed to {@link #using}
 * belongs to the application, which shuts it down.
 */
public final class RedissonCommandExecutor implements RedisCommandExecutor, RedisKeyspaceSubscriber {

    private static final Logger LOG = LoggerFactory.getLogger(RedissonCommandExecutor.class);

    /** How long after the command timeout the executor stops waiting for Redisson's own timer. */
    private static final long DEADLINE_SLACK_MILLIS = 250;

    /*
     * A session store needs few connections kept open: Redisson opens more on demand, up to the
     * pool size, and closes them after 10 s idle. Redisson's defaults (24 kept, 64 at most, 32
     * Netty threads, 16 worker threads, a pub/sub connection) suit an application that uses
     * Redisson for everything; this client does one thing.
     */
    private static final int KEPT_CONNECTIONS = 2;
    private static final int MAX_CONNECTIONS = 32;
    private static final int WORKER_THREADS = 2;

    /** How often the Cluster's slot map is read again (Redisson's default is 5 s). */
    private static final int CLUSTER_SCAN_MILLIS = 1000;

    /** How often the Sentinels are asked for the master (Redisson's default is 1 s). */
    private static final int SENTINEL_SCAN_MILLIS = 250;

    private static final RedisCommand<Object> GET = new RedisCommand<>("GET");
    private static final RedisCommand<Object> GETEX = new RedisCommand<>("GETEX");
    private static final RedisCommand<Object> GETDEL = new RedisCommand<>("GETDEL");
    private static final RedisCommand<Object> SET = new RedisCommand<>("SET");
    private static final RedisCommand<Object> PEXPIRE = new RedisCommand<>("PEXPIRE");
    private static final RedisCommand<Object> UNLINK = new RedisCommand<>("UNLINK");
    private static final RedisCommand<Object> SCRIPT_LOAD = new RedisCommand<>("SCRIPT", "LOAD");
    private static final RedisCommand<Object> EVALSHA = new RedisCommand<>("EVALSHA");
    private static final RedisCommand<Object> ZADD = new RedisCommand<>("ZADD");
    private static final RedisCommand<Object> ZREM = new RedisCommand<>("ZREM");
    private static final RedisCommand<Object> ZREMRANGEBYSCORE = new RedisCommand<>("ZREMRANGEBYSCORE");
    private static final RedisCommand<Object> ZRANGEBYSCORE = new RedisCommand<>("ZRANGEBYSCORE");
    private static final RedisCommand<Object> WAIT = new RedisCommand<>("WAIT");

    /**
     * The reply of the WAIT sent with this thread's last write, for {@link #waitForReplicas}: the
     * store asks for it right after the write, on the same thread.
     */
    private static final ThreadLocal<PendingWait> LAST_WAIT = new ThreadLocal<>();

    /** A WAIT's outcome: the replicas counted, or why it failed; and the slot it was sent for. */
    private record PendingWait(int slot, long acknowledged, @Nullable RuntimeException failure) {}

    private final CommandAsyncExecutor commands;
    /** The same, with read mode SLAVE, so that a command for a named replica reaches it. */
    private final CommandAsyncExecutor replicaCommands;
    private final int durableReplicas;
    private final long durableTimeoutMillis;
    private final long waitMillis;
    private final String where;
    private final Runnable release;
    private final AtomicBoolean closed = new AtomicBoolean();
    /* The client that opens subscriptions to expired keys, and their database; null on an application's client. */
    private volatile @Nullable RedissonClient subscriber;
    private volatile int database;

    private RedissonCommandExecutor(CommandAsyncExecutor commands, long timeoutMillis, String where, Runnable release,
            int durableReplicas, long durableTimeoutMillis) {
        this.commands = commands;
        this.replicaCommands = commands.copy(new InvocationParams((int) Math.min(Integer.MAX_VALUE, timeoutMillis), ReadMode.SLAVE));
        this.durableReplicas = durableReplicas;
        this.durableTimeoutMillis = durableTimeoutMillis;
        this.waitMillis = timeoutMillis + DEADLINE_SLACK_MILLIS;
        this.where = where;
        this.release = release;
    }

    /**
     * Connects as {@code config} says, with a Redisson client of its own (a single server).
     *
     * <ul>
     *   <li>{@code rediss://} verifies the server's certificate chain and host name (Redisson's
     *       {@link SslVerificationMode#STRICT}); a URI that asks for less ({@code verifyPeer}
     *       other than {@code FULL}) is refused. A trust store and a client certificate (mutual
     *       TLS) come from the config.</li>
     *   <li>{@code redis://} to a host other than {@code localhost} or a loopback address is
     *       refused unless the config allows it; then a warning is logged.</li>
     *   <li>Credentials in the config take precedence over those in the URI.</li>
     *   <li>The config's command timeout is Redisson's response timeout; its connect timeout is
     *       Redisson's connect timeout. The URI may name a database ({@code /2}); other URI options
     *       than {@code verifyPeer}, {@code database} and {@code timeout} (which the config's
     *       command timeout replaces) are refused rather than ignored.</li>
     *   <li>Threads: 2 Redisson workers and as many Netty threads as processors (at least 2).
     *       Connections: 2 kept open, up to 32.</li>
     * </ul>
     *
     * @throws IllegalArgumentException when the URI or the TLS material cannot be used
     * @throws SessionStoreUnavailableException when Redis cannot be reached or refuses the login
     */
    public static RedissonCommandExecutor connect(RedisStoreConfig config) {
        Objects.requireNonNull(config, "config");
        String where = "Redis at " + config.redactedUri();
        Config redissonConfig = toRedissonConfig(config);
        RedissonClient client;
        try {
            client = Redisson.create(redissonConfig);
        } catch (RedisException e) {
            String refusal = Failures.setupRefusal(e);
            if (refusal != null) {
                throw new SessionStoreUnavailableException(where + " refused to set up the connection (" + refusal
                        + "); check the user name, the password and the user's ACL", e);
            }
            throw unavailable(where, "connect", e);
        }
        long timeoutMillis = config.commandTimeout().toMillis();
        CommandAsyncExecutor commands = ((Redisson) client).getCommandExecutor()
                .copy(new InvocationParams((int) Math.min(Integer.MAX_VALUE, timeoutMillis)));
        RedissonCommandExecutor executor = new RedissonCommandExecutor(commands, timeoutMillis, where,
                // No quiet period: the store is closing, nothing of Redisson's is in use any more.
                () -> client.shutdown(0, 2, TimeUnit.SECONDS),
                config.waitReplicas(), config.waitReplicas() > 0 ? config.waitTimeout().toMillis() : 0);
        executor.subscriber = client;
        RedisTopology topology = config.topology();
        executor.database = topology instanceof RedisTopology.Standalone standalone ? standalone.database()
                : topology instanceof RedisTopology.Sentinel sentinel ? sentinel.database() : 0;
        return executor;
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
        CommandAsyncExecutor commands = own.copy(new InvocationParams(0));
        return new RedissonCommandExecutor(commands, timeoutMillis, "Redis (the application's Redisson client)", () -> {}, 0, 0);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Through a Redisson topic on the expired-key channel, which Redisson subscribes on every
     * master of a Cluster (a keyspace channel) and subscribes again after reconnects, failovers
     * and changes of masters. Not available on a client the application handed to {@link #using}.
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
        int listener;
        try {
            listener = topic.addListener(byte[].class, (channel, key) -> expiredKey.accept(key));
        } catch (RedisException e) {
            throw unavailable(where, "SUBSCRIBE", e);
        }
        AtomicBoolean ended = new AtomicBoolean();
        return () -> {
            if (ended.compareAndSet(false, true)) {
                try {
                    topic.removeListener(listener);
                } catch (RedisException e) {
                    LOG.debug("unsubscribing from expired keys on {} failed: {}", where, e.toString());
                }
            }
        };
    }

    @Override
    public byte @Nullable [] get(byte[] key) {
        return Replies.bytes(call("GET", key, GET, buffer(key)));
    }

    @Override
    public byte @Nullable [] getex(byte[] key, long ttlMillis) {
        return Replies.bytes(call("GETEX", key, GETEX, buffer(key), "PX", ttlMillis));
    }

    @Override
    public boolean setIfAbsent(byte[] key, byte[] value, long ttlMillis) {
        return Replies.okOrNil(write("SET", key, SET, buffer(key), buffer(value), "NX", "PX", ttlMillis));
    }

    @Override
    public boolean setIfPresent(byte[] key, byte[] value, long ttlMillis) {
        return Replies.okOrNil(write("SET", key, SET, buffer(key), buffer(value), "XX", "PX", ttlMillis));
    }

    @Override
    public boolean pexpire(byte[] key, long ttlMillis) {
        return Replies.integer(write("PEXPIRE", key, PEXPIRE, buffer(key), ttlMillis)) == 1;
    }

    @Override
    public boolean pexpire(byte[] key, long ttlMillis, ExpiryCondition condition) {
        Object reply = switch (condition) {
            case ALWAYS -> write("PEXPIRE", key, PEXPIRE, buffer(key), ttlMillis);
            case IF_NONE -> write("PEXPIRE", key, PEXPIRE, buffer(key), ttlMillis, "NX");
            case IF_LATER -> write("PEXPIRE", key, PEXPIRE, buffer(key), ttlMillis, "GT");
        };
        return Replies.integer(reply) == 1;
    }

    @Override
    public byte @Nullable [] getdel(byte[] key) {
        return Replies.bytes(write("GETDEL", key, GETDEL, buffer(key)));
    }

    @Override
    public long unlink(byte[] key) {
        return Replies.integer(write("UNLINK", key, UNLINK, buffer(key)));
    }

    @Override
    public String scriptLoad(byte[] script) {
        if (closed.get()) {
            throw new SessionStoreUnavailableException("the connection to " + where + " was closed; SCRIPT LOAD not sent");
        }
        // The script is the library's own Lua source, not a secret: it goes as an array, which
        // every node's command can share (a buffer would be released by the first).
        byte[] source = script.clone();
        List<CompletableFuture<Object>> perNode = new ArrayList<>();
        try {
            for (MasterSlaveEntry entry : commands.getConnectionManager().getEntrySet()) {
                perNode.add(commands.<Object, Object>writeAsync(entry, ByteArrayCodec.INSTANCE, SCRIPT_LOAD, source)
                        .toCompletableFuture());
                for (ClientConnectionsEntry node : entry.getAllEntries()) {
                    if (node.getNodeType() == NodeType.SLAVE && !node.isFreezed()
                            && !node.getClient().getAddr().equals(entry.getClient().getAddr())) {
                        perNode.add(replicaCommands.<Object, Object>readAsync(node.getClient(), entry, ByteArrayCodec.INSTANCE,
                                SCRIPT_LOAD, source).toCompletableFuture());
                    }
                }
            }
        } catch (RedisException e) {
            throw translate("SCRIPT LOAD", e);
        }
        try {
            CompletableFuture.allOf(perNode.toArray(new CompletableFuture<?>[0])).get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException someNodeFailed) {
            // Judged per node below: a node that is down or slow is skipped.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SessionStoreUnavailableException("interrupted while waiting for " + where + " to answer SCRIPT LOAD", e);
        }
        String sha1 = null;
        Throwable unreachable = null;
        for (CompletableFuture<Object> reply : perNode) {
            if (!reply.isDone()) {
                reply.cancel(false);
                continue;
            }
            try {
                Object loaded = reply.join();
                sha1 = sha1 == null ? Replies.text(loaded) : sha1;
            } catch (CancellationException | java.util.concurrent.CompletionException e) {
                Throwable failure = e.getCause() == null ? e : e.getCause();
                if (Failures.serverError(failure) != null) {
                    // An error reply (a missing permission, scripting disabled) is the same on every
                    // node and needs an operator: it is reported, not skipped.
                    throw translate("SCRIPT LOAD", failure);
                }
                unreachable = unreachable == null ? failure : unreachable;
            }
        }
        if (sha1 != null) {
            return sha1;
        }
        if (unreachable != null) {
            throw translate("SCRIPT LOAD", unreachable);
        }
        throw new SessionStoreUnavailableException(where + " did not answer SCRIPT LOAD in time (no node took the script)");
    }

    @Override
    public RedisReply evalsha(String sha1, List<byte[]> keys, List<byte[]> args) {
        List<Object> params = new ArrayList<>(2 + keys.size() + args.size());
        params.add(sha1);
        params.add(keys.size());
        keys.forEach(k -> params.add(buffer(k)));
        args.forEach(a -> params.add(buffer(a)));
        // Routed by the first key's slot (on a cluster, all keys of a script share one slot).
        byte[] route = keys.isEmpty() ? new byte[0] : keys.get(0);
        return Replies.reply(write("EVALSHA", route, EVALSHA, params.toArray()));
    }

    @Override
    public long zadd(byte[] key, double score, byte[] member) {
        return Replies.integer(write("ZADD", key, ZADD, buffer(key), Scores.format(score), buffer(member)));
    }

    @Override
    public long zrem(byte[] key, List<byte[]> members) {
        List<Object> params = new ArrayList<>(1 + members.size());
        params.add(buffer(key));
        members.forEach(m -> params.add(buffer(m)));
        return Replies.integer(write("ZREM", key, ZREM, params.toArray()));
    }

    @Override
    public long zremrangebyscore(byte[] key, double maxInclusive) {
        return Replies.integer(write("ZREMRANGEBYSCORE", key, ZREMRANGEBYSCORE, buffer(key), "-inf",
                Scores.format(maxInclusive)));
    }

    @Override
    public List<ScoredMember> zrangebyscore(byte[] key, double minExclusive) {
        return Replies.scoredMembers(call("ZRANGEBYSCORE", key, ZRANGEBYSCORE, buffer(key),
                Scores.exclusive(minExclusive), "+inf", "WITHSCORES"));
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                release.run();
            } catch (RuntimeException e) {
                // Closing must not fail the application's shutdown; what is left is logged.
                LOG.warn("shutting down the Redisson client for {} failed: {}", where, e.toString());
            }
        }
    }

    @Override
    public String toString() {
        return "RedissonCommandExecutor[" + where + "]";
    }

    /*
     * Keys, values and members go to Redisson as buffers rather than arrays: Redisson writes both
     * the same way, but describes an array in its exception messages and logs by its first bytes
     * and a buffer by its size only.
     */
    private static ByteBuf buffer(byte[] bytes) {
        return Unpooled.wrappedBuffer(bytes);
    }

    private @Nullable Object call(String command, byte[] routingKey, RedisCommand<Object> type, Object... params) {
        return await(command, () -> commands.<Object, Object>writeAsync(routingKey, ByteArrayCodec.INSTANCE, type, params)
                .toCompletableFuture());
    }

    /*
     * A write. With durability on, the write and a WAIT go to the key's master as one pipelined
     * batch on one connection: Redis counts acknowledgements per connection, and Redisson takes a
     * pooled connection per command, so a WAIT sent on its own could land on a connection that
     * wrote nothing and report every replica at once. The WAIT's reply is kept for this thread's
     * next waitForReplicas. The batch is never resent either.
     */
    private @Nullable Object write(String command, byte[] routingKey, RedisCommand<Object> type, Object... params) {
        if (durableReplicas == 0) {
            return call(command, routingKey, type, params);
        }
        LAST_WAIT.remove();
        int slot = commands.getConnectionManager().calcSlot(routingKey);
        Object[] replies = await(command, () -> {
            CommandBatchService batch = new CommandBatchService(commands, BatchOptions.defaults()
                    .executionMode(BatchOptions.ExecutionMode.IN_MEMORY)
                    .retryAttempts(0)
                    .responseTimeout(waitMillis - DEADLINE_SLACK_MILLIS, TimeUnit.MILLISECONDS));
            CompletableFuture<Object> written = batch.<Object, Object>writeAsync(routingKey, ByteArrayCodec.INSTANCE, type, params)
                    .toCompletableFuture();
            CompletableFuture<Object> waited = batch.<Object, Object>writeAsync(routingKey, ByteArrayCodec.INSTANCE, WAIT,
                    durableReplicas, durableTimeoutMillis).toCompletableFuture();
            batch.executeAsync();
            // The write's failure is the call's; the WAIT's is kept for waitForReplicas.
            return written.thenCombine(waited.handle((count, failure) -> failure == null ? count : failure),
                    (reply, count) -> new Object[] {reply, count});
        });
        Object count = replies[1];
        LAST_WAIT.set(count instanceof Throwable failure
                ? new PendingWait(slot, 0, translate("WAIT", failure))
                : new PendingWait(slot, Replies.integer(count), null));
        return replies[0];
    }

    private <T> T await(String command, Supplier<CompletableFuture<T>> send) {
        if (closed.get()) {
            throw new SessionStoreUnavailableException("the connection to " + where + " was closed; " + command + " not sent");
        }
        CompletableFuture<T> reply;
        try {
            reply = send.get();
        } catch (RedisException e) {
            throw translate(command, e);
        }
        try {
            return reply.get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw translate(command, e.getCause() == null ? e : e.getCause());
        } catch (TimeoutException e) {
            reply.cancel(false);
            throw new SessionStoreUnavailableException(where + " did not answer " + command + " in time", e);
        } catch (CancellationException e) {
            throw new SessionStoreUnavailableException(where + " did not answer " + command + ": cancelled", e);
        } catch (InterruptedException e) {
            reply.cancel(false);
            Thread.currentThread().interrupt();
            throw new SessionStoreUnavailableException("interrupted while waiting for " + where + " to answer " + command, e);
        }
    }

    private RuntimeException translate(String command, Throwable failure) {
        if (failure instanceof RedisNoScriptException) {
            return new RedisScriptNotLoadedException(where + " does not have the script (NOSCRIPT)", failure);
        }
        String serverError = Failures.serverError(failure);
        if (serverError != null) {
            // Transient replies of a changing deployment (CLUSTERDOWN, READONLY, TRYAGAIN...) are
            // unavailability; anything else needs an operator.
            return RedisErrors.fromServerError(where, command, serverError, failure);
        }
        return unavailable(where, command, failure);
    }

    private static SessionStoreUnavailableException unavailable(String where, String command, Throwable e) {
        if (e instanceof RedisTimeoutException) {
            return new SessionStoreUnavailableException(where + " did not answer " + command + " in time", e);
        }
        if (e instanceof RedisConnectionException) {
            return new SessionStoreUnavailableException(where + " cannot be reached (" + command + ")", e);
        }
        if (e instanceof RedissonShutdownException) {
            return new SessionStoreUnavailableException("the Redisson client for " + where + " was shut down; "
                    + command + " not sent", e);
        }
        return new SessionStoreUnavailableException(where + " failed " + command + ": " + e.getClass().getSimpleName(), e);
    }

    private static Config toRedissonConfig(RedisStoreConfig config) {
        return config.topology() instanceof RedisTopology.Standalone
                ? standaloneConfig(config)
                : deploymentConfig(config, config.topology());
    }

    private static Config standaloneConfig(RedisStoreConfig config) {
        RedisUri uri;
        try {
            uri = RedisUri.parse(config.uriWithCredentials());
        } catch (IllegalArgumentException e) {
            // The parser's message names the faulty part without quoting it; no cause, nothing quoted.
            throw new IllegalArgumentException("not a usable Redis URI: " + config.redactedUri() + " (" + e.getMessage() + ")");
        }
        if (!uri.tls()) {
            refuseStoresWithoutTls(config);
            if (!Hosts.isLoopback(uri.host())) {
                if (!config.plaintextToRemoteHostAllowed()) {
                    throw new IllegalArgumentException("plaintext redis:// to " + uri.bareHost() + " would send the password "
                            + "and every sealed record readable on the network; use rediss://, or allow it explicitly with "
                            + "RedisStoreConfig.custom().allowPlaintextToRemoteHost(true)");
                }
                LOG.warn("connecting to {} without TLS: its traffic, including the password, can be read on the network",
                        config.redactedUri());
            }
        }

        Config redisson = baseConfig(config, uri.tls());
        char[] password = config.password().orElse(uri.password());
        String username = config.password().isPresent() ? config.username().orElse(null) : uri.username();
        if (password != null) {
            redisson.setCredentialsResolver(new ConfiguredCredentials(username, password));
            Arrays.fill(password, '\0');
        }

        redisson.useSingleServer()
                .setAddress(uri.address())
                .setDatabase(uri.database())
                .setConnectTimeout(millis(config.connectTimeout()))
                .setTimeout(millis(config.commandTimeout()))
                .setRetryAttempts(0)
                .setPingConnectionInterval(0)
                .setReconnectionDelay(new EqualJitterDelay(Duration.ofMillis(50), Duration.ofSeconds(1)))
                .setConnectionMinimumIdleSize(KEPT_CONNECTIONS)
                .setConnectionPoolSize(MAX_CONNECTIONS)
                // The store uses no pub/sub: no subscription connection is opened in advance.
                .setSubscriptionConnectionMinimumIdleSize(0)
                .setSubscriptionConnectionPoolSize(1);
        return redisson;
    }

    /*
     * Cluster and Sentinel. The seeds or Sentinels come from the parsed topology; every node
     * Redisson learns about later is covered by the plaintext guard (plaintext) or by STRICT
     * certificate verification (TLS). Reads go to masters only: a replica may lag behind a write
     * just acknowledged, and a session must never read as missing or stale after it.
     */
    private static Config deploymentConfig(RedisStoreConfig config, RedisTopology topology) {
        if (!topology.tls()) {
            refuseStoresWithoutTls(config);
        }
        Config redisson = baseConfig(config, topology.tls());
        if (!topology.tls()) {
            redisson.setNettyHook(new PlaintextGuard(config.plaintextToRemoteHostAllowed()));
        }
        String scheme = topology.tls() ? "rediss://" : "redis://";
        String[] addresses = topology.addresses().stream().map(a -> scheme + a).toArray(String[]::new);
        RedisCredentials data = config.credentials().orElse(null);
        RedisCredentials sentinel = config.sentinelCredentials().orElse(null);

        BaseMasterSlaveServersConfig<?> servers;
        if (topology instanceof RedisTopology.Cluster) {
            servers = redisson.useClusterServers()
                    .addNodeAddress(addresses)
                    // MOVED is followed at once; the scan finds promoted replicas and moved slots
                    // that no command has been redirected for yet.
                    .setScanInterval(CLUSTER_SCAN_MILLIS)
                    // A slot without a master answers CLUSTERDOWN until a replica takes over; the
                    // store reports that as unavailable rather than refusing to start.
                    .setCheckSlotsCoverage(false);
            if (data != null) {
                redisson.setCredentialsResolver(new TopologyCredentials(data.username().orElse(null), data.password(),
                        null, null, Set.of()));
            }
        } else {
            RedisTopology.Sentinel s = (RedisTopology.Sentinel) topology;
            servers = redisson.useSentinelServers()
                    .addSentinelAddress(addresses)
                    .setMasterName(s.masterName())
                    .setDatabase(s.database())
                    // Redisson follows a failover by asking the Sentinels every scan interval; a
                    // demoted master stays writable for seconds, so the interval is short.
                    .setScanInterval(SENTINEL_SCAN_MILLIS)
                    // Only the configured Sentinels: the credentials resolver tells them apart
                    // from data nodes by address, and an announced Sentinel would be unknown to it.
                    .setSentinelsDiscovery(false)
                    .setCheckSentinelsList(false);
            if (data != null || sentinel != null) {
                redisson.setCredentialsResolver(new TopologyCredentials(
                        data == null ? null : data.username().orElse(null), data == null ? null : data.password(),
                        sentinel == null ? null : sentinel.username().orElse(null), sentinel == null ? null : sentinel.password(),
                        resolved(s.sentinels())));
            }
        }
        servers.setReadMode(ReadMode.MASTER)
                // Subscriptions are not used; the mode SLAVE only keeps Redisson tracking the
                // replicas (with MASTER for both it forgets them), which SCRIPT LOAD must reach.
                .setSubscriptionMode(SubscriptionMode.SLAVE)
                .setConnectTimeout(millis(config.connectTimeout()))
                .setTimeout(millis(config.commandTimeout()))
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
        return redisson;
    }

    private static void refuseStoresWithoutTls(RedisStoreConfig config) {
        if (config.trustStore().isPresent() || config.keyStore().isPresent()) {
            throw new IllegalArgumentException("a trust store or key store was given, but " + config.redactedUri()
                    + " does not use TLS; use rediss://");
        }
    }

    private static Config baseConfig(RedisStoreConfig config, boolean tls) {
        Config redisson = new Config()
                .setCodec(ByteArrayCodec.INSTANCE)
                // RESP2 logs in with AUTH, which every ACL user may run; RESP3's HELLO needs a
                // permission a least-privilege user should not have to be granted.
                .setProtocol(Protocol.RESP2)
                .setThreads(WORKER_THREADS)
                .setNettyThreads(Math.max(2, Runtime.getRuntime().availableProcessors()))
                // Without the keep-alive PING, dead peers are found by TCP keep-alive and by the
                // command timeout.
                .setTcpKeepAlive(true)
                .setSslVerificationMode(SslVerificationMode.STRICT)
                .setSslKeystoreType(config.keyStoreType());
        redisson.setReferenceEnabled(false);
        if (tls) {
            config.trustStore().ifPresent(path -> redisson.setSslTruststore(url(readable(path, "trust store"))));
            config.trustStorePassword().ifPresent(pw -> redisson.setSslTruststorePassword(new String(pw)));
            config.keyStore().ifPresent(path -> redisson.setSslKeystore(url(readable(path, "key store"))));
            config.keyStorePassword().ifPresent(pw -> redisson.setSslKeystorePassword(new String(pw)));
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

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, duration.toMillis()));
    }

    private static Path readable(Path path, String what) {
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new IllegalArgumentException("the " + what + " " + path + " is not a readable file");
        }
        return path;
    }

    private static URL url(Path path) {
        try {
            return path.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("the file " + path + " has no URL", e);
        }
    }

    /**
     * The reply of the {@code WAIT} that went with this thread's last write: on an executor made
     * by {@link #connect} with {@link RedisStoreConfig#waitReplicas()} above 0, every write is sent
     * together with {@code WAIT replicas timeout} on the connection that carries it (see the class
     * comment), so this sends nothing. {@code replicas} and {@code timeoutMillis} must be those of
     * the configuration, as they are for the store the provider opens.
     *
     * @throws IllegalStateException when this executor sends no WAIT with its writes (made by
     *     {@link #using}, or without replica acknowledgement configured), when the last write of
     *     this thread was for another slot, or when the numbers differ from the configuration's
     */
    @Override
    public long waitForReplicas(byte[] keyOfTheWrite, int replicas, long timeoutMillis) {
        PendingWait pending = LAST_WAIT.get();
        LAST_WAIT.remove();
        if (durableReplicas == 0 || replicas != durableReplicas || timeoutMillis != durableTimeoutMillis) {
            throw new IllegalStateException("this Redisson executor sends WAIT " + durableReplicas + " " + durableTimeoutMillis
                    + " with each write (0: none), but WAIT " + replicas + " " + timeoutMillis + " was asked for; open the "
                    + "store through RedisSessionStores with the durability set in its RedisStoreConfig");
        }
        if (pending == null || pending.slot() != commands.getConnectionManager().calcSlot(keyOfTheWrite)) {
            throw new IllegalStateException("waitForReplicas must follow a write of the same slot on the same thread");
        }
        if (pending.failure() != null) {
            throw pending.failure();
        }
        return pending.acknowledged();
    }

    /**
     * Sends the command through the command executor as a {@link RedisCommand} named by the
     * caller and without a decoder: with the byte-array codec Redisson then hands over the reply
     * as it came (see {@link Replies}), which {@link Replies#reply} translates. Arguments go as
     * buffers, like keys and values elsewhere in this class, so that Redisson never quotes them.
     * The command has no key to route by; on a single server that does not matter.
     */
    @Override
    public RedisReply command(List<byte[]> commandAndArguments) {
        if (commandAndArguments.isEmpty()) {
            throw new IllegalArgumentException("a command has at least a name");
        }
        String name = new String(commandAndArguments.get(0), StandardCharsets.US_ASCII);
        Object[] params = commandAndArguments.subList(1, commandAndArguments.size()).stream()
                .map(argument -> buffer(argument.clone()))
                .toArray();
        return Replies.reply(call(name, new byte[0], new RedisCommand<>(name), params));
    }
}

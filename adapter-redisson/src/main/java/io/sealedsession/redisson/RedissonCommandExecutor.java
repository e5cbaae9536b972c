package io.sealedsession.redisson;

import io.netty.buffer.Unpooled;
import io.sealedsession.core.SessionStoreUnavailableException;
import io.sealedsession.redis.RedisCommandExecutor;
import io.sealedsession.redis.RedisCommandRejectedException;
import io.sealedsession.redis.RedisKeyspaceSubscriber;
import io.sealedsession.redis.RedisReply;
import io.sealedsession.redis.RedisScriptNotLoadedException;
import io.sealedsession.redis.RedisStoreConfig;
import io.sealedsession.redis.spi.AbstractRedisCommandExecutor;
import io.sealedsession.redis.spi.ConnectionPlan;
import io.sealedsession.redis.spi.Durability;
import io.sealedsession.redis.spi.Failure;
import io.sealedsession.redis.spi.RedisCall;
import io.sealedsession.redis.spi.Replies;
import io.sealedsession.redisson.internal.ClientConfig;
import io.sealedsession.redisson.internal.Failures;
import io.sealedsession.redisson.internal.InvocationParams;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
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
import org.redisson.config.ReadMode;
import org.redisson.config.SslVerificationMode;
import org.redisson.connection.ClientConnectionsEntry;
import org.redisson.connection.MasterSlaveEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RedisCommandExecutor} on Redisson's low-level command executor with the byte-array codec.
 * The commands, their replies and errors are {@link AbstractRedisCommandExecutor}'s; this class
 * holds Redisson's client.
 *
 * <p><b>One command per call</b>, with Redisson's {@code ByteArrayCodec} and no Redisson object
 * around it: no codec wraps the values, no name mapper touches the keys, no script cache turns
 * {@code EVALSHA} into {@code EVAL}, and commands are never resent (retry attempts are 0, on its
 * own client and on an application's). Two exceptions: {@code SCRIPT LOAD} goes to every master and
 * replica Redisson tracks; with durability each write is pipelined with its {@code WAIT}. Every
 * command goes to the master of its key, so a load always sees the latest write.
 *
 * <p><b>Failures.</b> Every call waits at most the command timeout (on an application's client,
 * its {@code timeout}), and 0.25 s more for Redisson's own timer. Timeouts, lost connections and a
 * shut-down client are {@link SessionStoreUnavailableException}, error replies
 * {@link RedisCommandRejectedException}, {@code NOSCRIPT} {@link RedisScriptNotLoadedException}.
 * Keys and values go to Redisson as buffers, which its messages and logs describe by size only.
 *
 * <p><b>Deployments</b> come from the {@link ConnectionPlan} (see {@code docs/cluster.md}). On every
 * new connection Redisson sends {@code AUTH} (and {@code SELECT} for a database other than 0), no
 * {@code PING} and no {@code HELLO} (RESP2); once, when a client of {@link #connect} starts, an
 * {@code EVAL} probing for a cluster, which a least-privilege ACL user is refused ({@code NOPERM},
 * which Redisson ignores). What {@link #connect} creates, {@link #close()} shuts down; a client
 * passed to {@link #using} stays the application's.
 */
public final class RedissonCommandExecutor extends AbstractRedisCommandExecutor implements RedisKeyspaceSubscriber {

    private static final Logger LOG = LoggerFactory.getLogger(RedissonCommandExecutor.class);

    /** How long after the command timeout the executor stops waiting for Redisson's own timer. */
    private static final long DEADLINE_SLACK_MILLIS = 250;

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
            client = Redisson.create(ClientConfig.of(plan));
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
}

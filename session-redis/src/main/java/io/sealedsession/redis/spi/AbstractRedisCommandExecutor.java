package io.sealedsession.redis.spi;

import io.sealedsession.core.SessionStoreUnavailableException;
import io.sealedsession.redis.ExpiryCondition;
import io.sealedsession.redis.RedisCommandExecutor;
import io.sealedsession.redis.RedisDurabilityException;
import io.sealedsession.redis.RedisErrors;
import io.sealedsession.redis.RedisReply;
import io.sealedsession.redis.RedisScriptNotLoadedException;
import io.sealedsession.redis.ScoredMember;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link RedisCommandExecutor} of every adapter, written once: each command of the port as
 * the arguments Redis reads and the reply it sends back, the closed flag and the guard around
 * every call, error translation, script loading on every node, durability, {@link #close()} and
 * {@link #toString()}. An adapter supplies four things: how its client sends one command
 * ({@link #send}), how it sends a write and its {@code WAIT} over one connection
 * ({@link #sendAndWait}), which of its exceptions mean what ({@link #classify}), and what it
 * releases on close ({@link #release}); on a Cluster also how to reach every node
 * ({@link #sendToEveryNode}).
 *
 * <p>Each command of the port is one {@link #send} (one round trip); with a {@link Durability}
 * that waits, a write that changed something is one {@link #sendAndWait}. Failures become the
 * exceptions {@link RedisCommandExecutor} documents; messages name the deployment as
 * {@link ConnectionPlan#where()} does, never a password, key or value. Thread-safe as long as the
 * hooks are.
 */
public abstract class AbstractRedisCommandExecutor implements RedisCommandExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(AbstractRedisCommandExecutor.class);
    private static final byte[] OK = {'O', 'K'};
    private static final Duration SLACK = Duration.ofSeconds(1);

    private final String where;
    private final Durability durability;
    private final Duration commandTimeout;
    /* The executor that owns the connections: this one, or the one a durability view was made from. */
    private final AbstractRedisCommandExecutor owner;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param where the deployment for messages, such as {@link ConnectionPlan#where()}
     * @param durability how many replicas confirm each write
     * @param commandTimeout how long the client waits for a reply; bounds the wait for every node's
     *     {@code SCRIPT LOAD}
     */
    protected AbstractRedisCommandExecutor(String where, Durability durability, Duration commandTimeout) {
        this.where = Objects.requireNonNull(where, "where");
        this.durability = Objects.requireNonNull(durability, "durability");
        this.commandTimeout = Objects.requireNonNull(commandTimeout, "commandTimeout");
        this.owner = this;
    }

    /**
     * A view of {@code same}, on the same client and connections, with another durability. Closing
     * either closes both.
     */
    protected AbstractRedisCommandExecutor(AbstractRedisCommandExecutor same, Durability durability) {
        this.where = same.where;
        this.durability = Objects.requireNonNull(durability, "durability");
        this.commandTimeout = same.commandTimeout;
        this.owner = same.owner;
    }

    /** Sends one command, routed by its key, and returns its reply; throws the client's exception. */
    protected abstract RedisReply send(RedisCall call);

    /**
     * Sends a write and then, when {@code changed} says its reply changed something, a
     * {@code WAIT} for {@code durability} on the connection that carried the write (Redis counts
     * acknowledgements per connection): on a shared connection, the next command on it; from a
     * pool, on the borrowed connection before it is returned; or pipelined with the write.
     *
     * @return the write's reply and how many replicas confirmed it, or {@link Written#NOT_WAITED}
     */
    protected abstract Written sendAndWait(RedisCall call, Predicate<RedisReply> changed, Durability durability);

    /** What a client's exception means; {@link #send} and the other hooks throw nothing else but these. */
    protected abstract Failure classify(Throwable failure);

    /** Releases what this executor opened; called once, by the first {@link #close()}. May throw: it is logged. */
    protected abstract void release();

    /**
     * This executor on the same client with another durability; only called with one that
     * differs from {@link #durability()}. The default refuses, for an adapter whose client cannot
     * keep a write and its {@code WAIT} on one connection.
     */
    protected AbstractRedisCommandExecutor withOtherDurability(Durability durability) {
        throw new UnsupportedOperationException(this + " cannot wait for replicas");
    }

    /**
     * Sends {@code call} to every node the client knows, masters and replicas, keyed by the node
     * for messages. The default sends it once, as {@link #send} does: right for a single server
     * and behind Sentinel.
     */
    protected Map<String, CompletableFuture<RedisReply>> sendToEveryNode(RedisCall call) {
        try {
            return Map.of(where, CompletableFuture.completedFuture(send(call)));
        } catch (RuntimeException e) {
            return Map.of(where, CompletableFuture.failedFuture(e));
        }
    }

    /** A write's reply, and how many replicas confirmed it ({@link #NOT_WAITED} when no {@code WAIT} was sent). */
    public record Written(RedisReply reply, long acknowledged) {

        /** The {@link #acknowledged()} of a write that was not waited for. */
        public static final long NOT_WAITED = -1;

        /** A write that was not waited for. */
        public static Written unwaited(RedisReply reply) {
            return new Written(reply, NOT_WAITED);
        }
    }

    /** {@code WAIT replicas timeout}, routed by {@code key}: for {@link #sendAndWait}. */
    protected static RedisCall waitCall(byte @Nullable [] key, Durability durability) {
        return new RedisCall("WAIT", key, List.of(ascii(durability.replicas()), ascii(durability.timeoutMillis())));
    }

    /** The integer a {@code WAIT} answered. */
    protected static long acknowledged(RedisReply waitReply) {
        return waitReply instanceof RedisReply.Int count ? count.value() : 0;
    }

    /** The deployment, as messages name it. */
    protected final String where() {
        return where;
    }

    /** How many replicas confirm each write of this executor. */
    public final Durability durability() {
        return durability;
    }

    /** Whether {@link #close()} was called, on this executor or on the one it is a view of. */
    protected final boolean isClosed() {
        return owner.closed.get();
    }

    @Override
    public final RedisCommandExecutor withDurability(Durability durability) {
        return durability.equals(this.durability) ? this : withOtherDurability(durability);
    }

    /**
     * Runs one call of the client under the guard: refused once closed, and any failure of the
     * client translated as {@link #classify} says. For adapter code beyond the port's commands,
     * such as opening a subscription.
     */
    protected final <T> T guarded(String command, Supplier<T> call) {
        if (isClosed()) {
            throw new SessionStoreUnavailableException("the connection to " + where + " was closed; " + command + " not sent");
        }
        try {
            return call.get();
        } catch (SessionStoreUnavailableException | RedisScriptNotLoadedException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failed(where, command, classify(e), e);
        }
    }

    /**
     * The exception the port promises for a failure (a {@link SessionStoreUnavailableException}, or
     * {@link RedisScriptNotLoadedException} for {@code NOSCRIPT}): for adapters' connect code, before any
     * executor exists, and for the executor's own calls.
     *
     * @param where the deployment for the message
     * @param command the command, or {@code connect}
     */
    public static RuntimeException failed(String where, String command, Failure failure, Throwable cause) {
        return switch (failure.kind()) {
            case NO_SCRIPT -> new RedisScriptNotLoadedException(where + " does not have the script (NOSCRIPT)", cause);
            case SERVER_ERROR -> RedisErrors.fromServerError(where, command, Objects.requireNonNull(failure.serverError()), cause);
            case TIMEOUT -> new SessionStoreUnavailableException(where + " did not answer " + command + " in time", cause);
            case UNREACHABLE -> new SessionStoreUnavailableException(where + " cannot be reached (" + command + ")", cause);
            case NO_FREE_CONNECTION -> new SessionStoreUnavailableException("no connection to " + where
                    + " became free within the command timeout (" + command + ")", cause);
            case MOVED -> new SessionStoreUnavailableException(where + " moved to a new master while " + command
                    + " waited; retry", cause);
            case SHUT_DOWN -> new SessionStoreUnavailableException("the client for " + where + " was shut down; "
                    + command + " not sent", cause);
            case INTERRUPTED -> {
                Thread.currentThread().interrupt();
                yield new SessionStoreUnavailableException("interrupted while waiting for " + where + " to answer " + command,
                        cause);
            }
            case OTHER -> new SessionStoreUnavailableException(where + " failed " + command + ": "
                    + cause.getClass().getSimpleName(), cause);
        };
    }

    @Override
    public byte @Nullable [] get(byte[] key) {
        return bytes(read(new RedisCall("GET", key, List.of(key))));
    }

    @Override
    public byte @Nullable [] getex(byte[] key, long ttlMillis) {
        return bytes(read(new RedisCall("GETEX", key, List.of(key, ascii("PX"), ascii(ttlMillis)))));
    }

    @Override
    public boolean setIfAbsent(byte[] key, byte[] value, long ttlMillis) {
        return isOk(write(new RedisCall("SET", key, List.of(key, value, ascii("NX"), ascii("PX"), ascii(ttlMillis))),
                reply -> !(reply instanceof RedisReply.Nil)));
    }

    @Override
    public boolean setIfPresent(byte[] key, byte[] value, long ttlMillis) {
        return isOk(write(new RedisCall("SET", key, List.of(key, value, ascii("XX"), ascii("PX"), ascii(ttlMillis))),
                reply -> !(reply instanceof RedisReply.Nil)));
    }

    @Override
    public boolean pexpire(byte[] key, long ttlMillis) {
        // The touch of a read: like the read, not waited for.
        return integer(read(new RedisCall("PEXPIRE", key, List.of(key, ascii(ttlMillis))))) == 1;
    }

    @Override
    public boolean pexpire(byte[] key, long ttlMillis, ExpiryCondition condition) {
        byte[] option = ascii(condition == ExpiryCondition.IF_NONE ? "NX" : "GT");
        return integer(write(new RedisCall("PEXPIRE", key, List.of(key, ascii(ttlMillis), option)),
                AbstractRedisCommandExecutor::some)) == 1;
    }

    @Override
    public byte @Nullable [] getdel(byte[] key) {
        return bytes(write(new RedisCall("GETDEL", key, List.of(key)), reply -> !(reply instanceof RedisReply.Nil)));
    }

    @Override
    public long unlink(byte[] key) {
        return integer(write(new RedisCall("UNLINK", key, List.of(key)), AbstractRedisCommandExecutor::some));
    }

    @Override
    public RedisReply evalsha(String sha1, List<byte[]> keys, List<byte[]> args) {
        // A script's reply says nothing general about what it changed, so with durability it is
        // always waited for.
        RedisCall call = evalshaCall(sha1, keys, args);
        return keys.isEmpty() ? read(call) : write(call, always -> true);
    }

    @Override
    public RedisReply evalshaWithoutWait(String sha1, List<byte[]> keys, List<byte[]> args) {
        return read(evalshaCall(sha1, keys, args));
    }

    /* Routed by the first key: all keys of a script share one slot. */
    private static RedisCall evalshaCall(String sha1, List<byte[]> keys, List<byte[]> args) {
        List<byte[]> arguments = new ArrayList<>(2 + keys.size() + args.size());
        arguments.add(ascii(sha1));
        arguments.add(ascii(keys.size()));
        arguments.addAll(keys);
        arguments.addAll(args);
        return new RedisCall("EVALSHA", keys.isEmpty() ? null : keys.get(0), arguments);
    }

    @Override
    public long zadd(byte[] key, double score, byte[] member) {
        // Only new members are counted, but a changed score is a change too.
        return integer(write(new RedisCall("ZADD", key, List.of(key, score(score, false), member)), always -> true));
    }

    @Override
    public long zrem(byte[] key, List<byte[]> members) {
        List<byte[]> arguments = new ArrayList<>(1 + members.size());
        arguments.add(key);
        arguments.addAll(members);
        return integer(write(new RedisCall("ZREM", key, arguments), AbstractRedisCommandExecutor::some));
    }

    @Override
    public long zremrangebyscore(byte[] key, double maxInclusive) {
        return integer(write(new RedisCall("ZREMRANGEBYSCORE", key, List.of(key, ascii("-inf"), score(maxInclusive, false))),
                AbstractRedisCommandExecutor::some));
    }

    @Override
    public List<ScoredMember> zrangebyscore(byte[] key, double minExclusive) {
        RedisReply reply = read(new RedisCall("ZRANGEBYSCORE", key,
                List.of(key, score(minExclusive, true), ascii("+inf"), ascii("WITHSCORES"))));
        return Replies.scoredMembers(reply);
    }

    @Override
    public String scriptLoad(byte[] script) {
        RedisCall call = new RedisCall("SCRIPT", null, List.of(ascii("LOAD"), script));
        Map<String, CompletableFuture<RedisReply>> loads = guarded("SCRIPT LOAD", () -> sendToEveryNode(call));
        long bound = commandTimeout.plus(SLACK).toMillis();
        String sha1 = null;
        RuntimeException firstFailure = null;
        List<String> skipped = new ArrayList<>();
        for (Map.Entry<String, CompletableFuture<RedisReply>> load : loads.entrySet()) {
            try {
                String answer = Replies.text(load.getValue().get(bound, TimeUnit.MILLISECONDS));
                if (sha1 == null) {
                    sha1 = answer;
                } else if (!sha1.equalsIgnoreCase(answer)) {
                    // Only a server that is not Redis answers so; the store refuses to go on.
                    throw new SessionStoreUnavailableException("the nodes of " + where
                            + " filed the script under different SHA-1s");
                }
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                Failure failure = classify(cause);
                if (failure.kind() == Failure.Kind.SERVER_ERROR && !RedisErrors.isTransient(failure.serverError())) {
                    // A missing permission or disabled scripting is the same on every node and
                    // needs an operator: reported, not skipped.
                    throw failed(where, "SCRIPT LOAD", failure, cause);
                }
                skipped.add(load.getKey());
                firstFailure = firstFailure != null ? firstFailure : failed(where, "SCRIPT LOAD", failure, cause);
            } catch (TimeoutException e) {
                load.getValue().cancel(false);
                skipped.add(load.getKey());
                firstFailure = firstFailure != null ? firstFailure : failed(where, "SCRIPT LOAD", Failure.of(Failure.Kind.TIMEOUT), e);
            } catch (InterruptedException e) {
                throw failed(where, "SCRIPT LOAD", Failure.of(Failure.Kind.INTERRUPTED), e);
            }
        }
        if (sha1 == null) {
            throw firstFailure != null ? firstFailure
                    : new SessionStoreUnavailableException(where + " knows no node yet to load a script on");
        }
        if (!skipped.isEmpty()) {
            LOG.debug("loaded a script on {} node(s) of {}; {} did not take it now and will be loaded on NOSCRIPT",
                    loads.size() - skipped.size(), where, skipped);
        }
        return sha1;
    }

    @Override
    public RedisReply command(List<byte[]> commandAndArguments) {
        if (commandAndArguments.isEmpty()) {
            throw new IllegalArgumentException("a command has at least a name");
        }
        String name = new String(commandAndArguments.get(0), java.nio.charset.StandardCharsets.US_ASCII);
        List<byte[]> arguments = new ArrayList<>();
        commandAndArguments.subList(1, commandAndArguments.size()).forEach(a -> arguments.add(a.clone()));
        return read(new RedisCall(name, null, arguments));
    }

    @Override
    public final void close() {
        if (owner.closed.compareAndSet(false, true)) {
            try {
                owner.release();
            } catch (RuntimeException e) {
                // Closing must not fail the application's shutdown; what is left is logged.
                LOG.warn("closing the client of {} failed: {}", where, e.toString());
            }
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + where + "]";
    }

    private RedisReply read(RedisCall call) {
        return guarded(call.name(), () -> send(call));
    }

    private RedisReply write(RedisCall call, Predicate<RedisReply> changed) {
        if (!durability.waits()) {
            return read(call);
        }
        Written written = guarded(call.name(), () -> sendAndWait(call, changed, durability));
        if (written.acknowledged() != Written.NOT_WAITED && written.acknowledged() < durability.replicas()) {
            throw new RedisDurabilityException(call.name(), written.acknowledged(), durability.replicas(),
                    durability.timeoutMillis());
        }
        return written.reply();
    }

    private static boolean some(RedisReply reply) {
        return reply instanceof RedisReply.Int count && count.value() > 0;
    }

    private static byte @Nullable [] bytes(RedisReply reply) {
        return reply instanceof RedisReply.Bulk bulk ? bulk.value() : null;
    }

    private static boolean isOk(RedisReply reply) {
        return reply instanceof RedisReply.Bulk bulk && java.util.Arrays.equals(bulk.value(), OK);
    }

    private static long integer(RedisReply reply) {
        return reply instanceof RedisReply.Int count ? count.value() : 0;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static byte[] ascii(long number) {
        return ascii(Long.toString(number));
    }

    /*
     * A score as Redis reads it: integers without a fraction (the store's scores are epoch
     * milliseconds), infinities as +inf/-inf, other values in Java's shortest exact form.
     */
    private static byte[] score(double score, boolean exclusive) {
        if (Double.isNaN(score)) {
            throw new IllegalArgumentException("a score is a number, but was NaN");
        }
        String text = Double.isInfinite(score) ? (score > 0 ? "+inf" : "-inf")
                : score == Math.rint(score) && Math.abs(score) < 0x1p53 ? Long.toString((long) score) : Double.toString(score);
        return ascii(exclusive ? "(" + text : text);
    }
}

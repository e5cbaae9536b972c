package io.sealedsession.jedis.internal;

import java.util.Arrays;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisException;

/**
 * {@code WAIT} on the pooled connection that carried a write, with its answer kept for the thread
 * that wrote.
 *
 * <p>Why: Redis counts replica acknowledgements per connection ({@code WAIT} waits for the
 * replication offset of that connection's latest write). With a pool, the connection a write
 * borrowed is back in the pool when the store asks to wait, and another borrow may get a
 * different one, whose {@code WAIT} would say nothing about the write. So when the durability knob
 * is on, the executor marks each write ({@link #write}); the command executor that runs it sends
 * {@code WAIT} right after it on the same borrowed connection ({@link #afterCommand}); and
 * {@link #take} hands the answer to the store's following {@code waitForReplicas} on that thread.
 * Since replication is one ordered stream per master, the acknowledgement of a thread's latest write
 * also covers its earlier writes to the same master, whichever connection carried them.
 *
 * <p>Thread-safe: all state is per thread.
 */
public final class ReplicaWait {

    private final int replicas;
    private final long timeoutMillis;
    private final ThreadLocal<byte @Nullable []> writing = new ThreadLocal<>();
    private final ThreadLocal<@Nullable Predicate<Object>> changed = new ThreadLocal<>();
    private final ThreadLocal<@Nullable Outcome> last = new ThreadLocal<>();

    /**
     * @param replicas how many replicas each write waits for; 0 switches waiting off
     * @param timeoutMillis how long the server waits for them
     */
    public ReplicaWait(int replicas, long timeoutMillis) {
        this.replicas = replicas;
        this.timeoutMillis = timeoutMillis;
    }

    /** Whether writes are followed by {@code WAIT}. */
    public boolean enabled() {
        return replicas > 0;
    }

    /**
     * Runs {@code command}, a write of {@code key}, so that the command executor follows it with
     * {@code WAIT} on the same connection when {@code changedSomething} says the command's result
     * (as Jedis decodes it: {@code "OK"} or null, a count) reports a change: a write that changed
     * nothing has nothing to wait for, and the store does not ask. Forgets the answer of this
     * thread's previous write.
     */
    public <T> T write(byte[] key, Predicate<Object> changedSomething, Supplier<T> command) {
        if (!enabled()) {
            return command.get();
        }
        last.remove();
        writing.set(key);
        changed.set(changedSomething);
        try {
            return command.get();
        } finally {
            writing.remove();
            changed.remove();
        }
    }

    /**
     * Called by a command executor once a command succeeded on {@code connection}, before the
     * connection goes back to the pool: sends {@code WAIT} when the command was a marked write.
     * A failing {@code WAIT} does not fail the write, which was applied; its failure is kept for
     * {@link #take}.
     */
    public void afterCommand(Connection connection, @Nullable Object result) {
        byte[] key = writing.get();
        Predicate<Object> changedSomething = changed.get();
        if (key == null || changedSomething == null) {
            return;
        }
        writing.remove();
        changed.remove();
        if (!changedSomething.test(result)) {
            return;
        }
        CommandArguments wait = new CommandArguments(Protocol.Command.WAIT).add(replicas).add(timeoutMillis);
        try {
            Long acknowledged = connection.executeCommand(new CommandObject<>(wait, BuilderFactory.LONG));
            last.set(new Outcome(key, acknowledged == null ? 0 : acknowledged, null));
        } catch (JedisException e) {
            last.set(new Outcome(key, 0, e));
        }
    }

    /**
     * The answer of the {@code WAIT} that followed this thread's latest write, which must have
     * been a write of {@code key} with the same number of replicas and timeout.
     *
     * @throws JedisException the {@code WAIT}'s own failure (timeout, lost connection, error reply)
     * @throws IllegalStateException when there is no such answer: waiting is off in this executor's
     *     configuration, or the store asks for other numbers than the executor was opened with
     */
    public long take(byte[] key, int replicas, long timeoutMillis) {
        Outcome outcome = last.get();
        last.remove();
        if (!enabled() || replicas != this.replicas || timeoutMillis != this.timeoutMillis) {
            throw new IllegalStateException("this Jedis executor waits for " + this.replicas + " replica(s) within "
                    + this.timeoutMillis + " ms after each write, on the connection of the write, but the store asks for "
                    + replicas + " within " + timeoutMillis + " ms; open both from the same RedisStoreConfig");
        }
        if (outcome == null || !Arrays.equals(outcome.key, key)) {
            throw new IllegalStateException("the last write on this thread was not of the key the store waits for");
        }
        if (outcome.failure != null) {
            throw outcome.failure;
        }
        return outcome.acknowledged;
    }

    private record Outcome(byte[] key, long acknowledged, @Nullable JedisException failure) {}
}

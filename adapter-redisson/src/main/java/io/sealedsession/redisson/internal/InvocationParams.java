package io.sealedsession.redisson.internal;

import org.jspecify.annotations.Nullable;
import org.redisson.api.options.ObjectParams;
import org.redisson.config.DelayStrategy;
import org.redisson.config.ReadMode;

/**
 * How every command of the executor is sent: never resent (no retry attempts), with the given
 * response timeout or, when it is 0, the client's own; and, when a read mode is given, with that
 * mode overriding the client's (the executor's commands are all sent as writes, to masters; only
 * SCRIPT LOAD to a named replica needs {@code SLAVE}, since with {@code MASTER} Redisson sends a
 * read for a named replica to the master instead).
 *
 * <p>Resending is what Redisson does by default after a lost or late reply, and it is wrong for a
 * session store: a {@code SET NX} that did write, sent again, answers nil and the caller concludes
 * that the key was taken; a compare-and-set sent again sees its own write as a conflict.
 */
public record InvocationParams(int timeoutMillis, @Nullable ReadMode readMode) implements ObjectParams {

    /** No read mode of its own: the client's applies. */
    public InvocationParams(int timeoutMillis) {
        this(timeoutMillis, null);
    }

    @Override
    public int getTimeout() {
        return timeoutMillis;
    }

    @Override
    public int getRetryAttempts() {
        return 0;
    }

    @Override
    public @Nullable DelayStrategy getRetryDelay() {
        // Never used: there are no retries; null keeps the client's.
        return null;
    }

    @Override
    public @Nullable ReadMode getReadMode() {
        return readMode;
    }
}

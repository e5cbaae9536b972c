package io.sealedsession.redisson.internal;

import org.jspecify.annotations.Nullable;
import org.redisson.api.options.ObjectParams;
import org.redisson.config.DelayStrategy;
import org.redisson.config.ReadMode;

/**
 * How every command of the executor is sent: never resent (no retry attempts), with the given
 * response timeout or, when it is 0, the client's own.
 *
 * <p>Resending is what Redisson does by default after a lost or late reply, and it is wrong for a
 * session store: a {@code SET NX} that did write, sent again, answers nil and the caller concludes
 * that the key was taken; a compare-and-set sent again sees its own write as a conflict.
 */
public record InvocationParams(int timeoutMillis) implements ObjectParams {

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
        // Every command goes to the master anyway (all are sent as writes); null keeps the default.
        return null;
    }
}

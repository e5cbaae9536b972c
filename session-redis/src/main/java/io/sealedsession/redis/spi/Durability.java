package io.sealedsession.redis.spi;

import java.time.Duration;

/**
 * How many replicas must confirm each write before an executor reports it done, fixed when the
 * executor is built. With {@link #replicas()} above 0 every write that changed something is
 * followed by {@code WAIT replicas timeout} on the connection that carried it, and a write that
 * fewer replicas confirmed throws {@link io.sealedsession.redis.RedisDurabilityException}.
 *
 * @param replicas 0 for none (the default), otherwise how many replicas must confirm
 * @param timeoutMillis how long the server waits for them; 0 when {@code replicas} is 0
 */
public record Durability(int replicas, long timeoutMillis) {

    /** Writes are reported done without waiting for replicas. */
    public static final Durability NONE = new Durability(0, 0);

    /** Validates: no negative numbers, and a positive timeout when replicas are awaited. */
    public Durability {
        if (replicas < 0 || timeoutMillis < 0 || (replicas > 0 && timeoutMillis == 0)) {
            throw new IllegalArgumentException("a durability of " + replicas + " replicas within " + timeoutMillis
                    + " ms is not usable: both are positive, or both are 0");
        }
    }

    /** {@link #NONE} for 0 replicas, otherwise that many within {@code timeout}. */
    public static Durability of(int replicas, Duration timeout) {
        return replicas == 0 ? NONE : new Durability(replicas, timeout.toMillis());
    }

    /** Whether writes wait for replicas. */
    public boolean waits() {
        return replicas > 0;
    }
}

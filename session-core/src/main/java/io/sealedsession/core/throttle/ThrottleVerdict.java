package io.sealedsession.core.throttle;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Whether a sign-in attempt may be checked now.
 *
 * @param retryAfter null when the attempt may go ahead; otherwise how long until it may, positive
 */
public record ThrottleVerdict(@Nullable Duration retryAfter) {

    /** The attempt may go ahead. */
    public static final ThrottleVerdict ALLOWED = new ThrottleVerdict(null);

    /** @throws IllegalArgumentException when {@code retryAfter} is not positive */
    public ThrottleVerdict {
        if (retryAfter != null && (retryAfter.isNegative() || retryAfter.isZero())) {
            throw new IllegalArgumentException("a refusal lasts a positive time, but was " + retryAfter);
        }
    }

    /** A refusal for {@code retryAfter}. */
    public static ThrottleVerdict refusedFor(Duration retryAfter) {
        return new ThrottleVerdict(retryAfter);
    }

    /** True when the attempt may go ahead. */
    public boolean allowed() {
        return retryAfter == null;
    }

    /** {@link #retryAfter()} in whole seconds, rounded up, for an HTTP {@code Retry-After} header; 0 when allowed. */
    public long retryAfterSeconds() {
        if (retryAfter == null) {
            return 0;
        }
        long seconds = retryAfter.getSeconds();
        return retryAfter.getNano() > 0 ? seconds + 1 : seconds;
    }
}

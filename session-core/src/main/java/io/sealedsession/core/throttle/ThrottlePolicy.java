package io.sealedsession.core.throttle;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link SignInThrottle} counts and locks. Failures are counted per account and per client
 * address; a count is forgotten once {@code window} passes without a new failure (and without a
 * lockout still running). When a count reaches {@code maxFailures}, further attempts are refused
 * for {@code window}; each failure after that doubles the lockout, up to {@code maxLockout}.
 *
 * <p>With the defaults ({@link #ofDefaults()}: 5 failures, 15 minutes, at most 24 hours): the
 * 5th failure within 15 minutes locks the account (or address) for 15 minutes, a 6th failure after
 * that lockout locks it for 30, a 7th for 60, and so on.
 *
 * @param maxFailures failures that start a lockout, at least 1
 * @param window how long a count lasts after its latest failure, and the first lockout; at least
 *     one second
 * @param maxLockout the longest lockout, not shorter than {@code window}
 */
public record ThrottlePolicy(int maxFailures, Duration window, Duration maxLockout) {

    /** @throws IllegalArgumentException naming the first value out of range */
    public ThrottlePolicy {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(maxLockout, "maxLockout");
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures is at least 1, but was " + maxFailures);
        }
        if (window.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("the window is at least one second, but was " + window);
        }
        if (maxLockout.compareTo(window) < 0) {
            throw new IllegalArgumentException("maxLockout is at least the window (" + window + "), but was " + maxLockout);
        }
    }

    /** 5 failures, a 15-minute window and first lockout, lockouts of at most 24 hours. */
    public static ThrottlePolicy ofDefaults() {
        return new ThrottlePolicy(5, Duration.ofMinutes(15), Duration.ofHours(24));
    }

    /**
     * How long attempts are refused after the {@code failures}-th failure in a row: nothing below
     * {@link #maxFailures()}, then {@link #window()}, doubling with each further failure, at most
     * {@link #maxLockout()}.
     */
    public Duration lockoutAfter(long failures) {
        if (failures < maxFailures) {
            return Duration.ZERO;
        }
        Duration lockout = window;
        for (long i = maxFailures; i < failures && lockout.compareTo(maxLockout) < 0; i++) {
            lockout = lockout.multipliedBy(2);
        }
        return lockout.compareTo(maxLockout) > 0 ? maxLockout : lockout;
    }
}

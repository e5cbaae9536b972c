package io.sealedsession.core.throttle;

import io.sealedsession.core.SessionEvent;
import io.sealedsession.core.port.SessionEventListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules of a {@link SignInThrottle} written once, over a place that keeps failure counts:
 * a subclass only reads, counts and clears one count at a time, atomically. Account and address
 * counts are kept apart ({@link Counted#kind()}), so an account named like an address shares
 * nothing with it.
 *
 * <p>Audit events go to the listener given; one that throws is logged and ignored, so auditing
 * never decides a sign-in.
 */
public abstract class CountingSignInThrottle implements SignInThrottle {

    private static final Logger LOG = LoggerFactory.getLogger(CountingSignInThrottle.class);

    /** What a count is kept for. */
    public enum Kind {
        /** Failures of one account name, from any address. */
        ACCOUNT,
        /** Failures from one client address, for any account. */
        ADDRESS
    }

    /**
     * One count as the place that keeps it reports it.
     *
     * @param kind what it counts
     * @param failures failures counted so far, at least 1
     * @param lockedUntil until when attempts are refused, or null when they are not
     */
    public record Counted(Kind kind, long failures, @Nullable Instant lockedUntil) {}

    private final ThrottlePolicy policy;
    private final Clock clock;
    private final SessionEventListener listener;

    /**
     * @param policy the limits
     * @param clock what failures and lockouts are timed on
     * @param listener where every failure and refusal is reported
     */
    protected CountingSignInThrottle(ThrottlePolicy policy, Clock clock, SessionEventListener listener) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** The limits this throttle applies. */
    public final ThrottlePolicy policy() {
        return policy;
    }

    /** Until when attempts for {@code value} are refused, or null when they are not (also when nothing is counted). */
    protected abstract @Nullable Instant lockedUntil(Kind kind, String value, Instant now);

    /**
     * Adds one failure to the count of {@code value}, atomically, and applies the policy: the
     * count lasts {@code lockoutAfter(failures) + window} from now and locks until
     * {@code now + lockoutAfter(failures)} when that is positive.
     */
    protected abstract Counted countFailure(Kind kind, String value, Instant now);

    /** Forgets the count of {@code value}. */
    protected abstract void clear(Kind kind, String value);

    @Override
    public final ThrottleVerdict check(String account, String address) {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(address, "address");
        Instant now = clock.instant();
        Instant accountLock = lockedUntil(Kind.ACCOUNT, account, now);
        Instant addressLock = lockedUntil(Kind.ADDRESS, address, now);
        Instant until = later(accountLock, addressLock);
        if (until == null || !until.isAfter(now)) {
            return ThrottleVerdict.ALLOWED;
        }
        Duration left = Duration.between(now, until);
        String which = accountLock != null && accountLock.isAfter(now)
                ? (addressLock != null && addressLock.isAfter(now) ? "the account and the address" : "the account")
                : "the address";
        emit(SessionEvent.Type.SIGN_IN_THROTTLED, now, account, "sign-in from " + address + " refused unchecked: "
                + which + " failed too often; locked for another " + whole(left));
        return ThrottleVerdict.refusedFor(left);
    }

    @Override
    public final ThrottleVerdict failed(String account, String address) {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(address, "address");
        Instant now = clock.instant();
        Counted byAccount = countFailure(Kind.ACCOUNT, account, now);
        Counted byAddress = countFailure(Kind.ADDRESS, address, now);
        Instant until = later(byAccount.lockedUntil(), byAddress.lockedUntil());
        boolean locked = until != null && until.isAfter(now);
        emit(SessionEvent.Type.SIGN_IN_FAILED, now, account, "failed sign-in from " + address + ": failure "
                + byAccount.failures() + " of this account and " + byAddress.failures() + " of this address (limit "
                + policy.maxFailures() + " within " + policy.window() + ")"
                + (locked ? "; locked for " + whole(Duration.between(now, until)) : ""));
        return locked ? ThrottleVerdict.refusedFor(Duration.between(now, until)) : ThrottleVerdict.ALLOWED;
    }

    @Override
    public final void succeeded(String account, String address) {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(address, "address");
        clear(Kind.ACCOUNT, account);
    }

    /**
     * What {@link #countFailure} stores, worked out from the count it had before: for stores that
     * compute in Java. The lock runs from {@code now} for {@link ThrottlePolicy#lockoutAfter}.
     */
    protected final Counted next(Kind kind, long failuresBefore, Instant now) {
        long failures = failuresBefore + 1;
        Duration lockout = policy.lockoutAfter(failures);
        return new Counted(kind, failures, lockout.isZero() ? null : now.plus(lockout));
    }

    /** How long a count lasts after a failure that locks for {@code lockout}: the lock, then a full window. */
    protected final Duration keptFor(Duration lockout) {
        return lockout.plus(policy.window());
    }

    private void emit(SessionEvent.Type type, Instant now, String account, String detail) {
        try {
            listener.onEvent(new SessionEvent(type, now, null, account, detail));
        } catch (RuntimeException e) {
            LOG.warn("an audit listener failed on a {} event; the sign-in decision stands", type, e);
        }
    }

    private static @Nullable Instant later(@Nullable Instant a, @Nullable Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }

    private static String whole(Duration duration) {
        long seconds = duration.getSeconds() + (duration.getNano() > 0 ? 1 : 0);
        return Duration.ofSeconds(seconds).toString();
    }
}

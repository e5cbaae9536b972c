package io.sealedsession.core.throttle;

import io.sealedsession.core.LoggingSessionEventListener;
import io.sealedsession.core.port.SessionEventListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A {@link SignInThrottle} whose counts live in this process: for a single instance, tests, and
 * {@code session-cli serve} on its in-memory store. Instances of an application that share a
 * session store should share their counts too; use the Redis throttle of {@code session-redis}.
 *
 * <p>Bounded: it keeps at most {@code maxEntries} counts (default {@value #DEFAULT_MAX_ENTRIES}),
 * dropping expired ones first and then the least recently used, so a flood of made-up account
 * names costs bounded memory. Under such a flood the oldest counts are forgotten early, which
 * favours availability over remembering every lockout; the Redis throttle has no such limit.
 * Thread-safe.
 */
public final class InMemorySignInThrottle extends CountingSignInThrottle {

    /** The most counts kept unless told otherwise. */
    public static final int DEFAULT_MAX_ENTRIES = 100_000;

    private record Count(long failures, @Nullable Instant lockedUntil, Instant expiresAt) {}

    private final int maxEntries;
    private final Map<String, Count> counts = new LinkedHashMap<>(16, 0.75f, true);

    /** The default policy, the system clock, audit events to {@link LoggingSessionEventListener}. */
    public InMemorySignInThrottle() {
        this(ThrottlePolicy.ofDefaults(), Clock.systemUTC(), new LoggingSessionEventListener());
    }

    /** A throttle with these limits, clock and listener, keeping at most its default number of counts. */
    public InMemorySignInThrottle(ThrottlePolicy policy, Clock clock, SessionEventListener listener) {
        this(policy, clock, listener, DEFAULT_MAX_ENTRIES);
    }

    /** @throws IllegalArgumentException when {@code maxEntries} is less than 1 */
    public InMemorySignInThrottle(ThrottlePolicy policy, Clock clock, SessionEventListener listener, int maxEntries) {
        super(policy, clock, listener);
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries is at least 1, but was " + maxEntries);
        }
        this.maxEntries = maxEntries;
    }

    @Override
    protected synchronized @Nullable Instant lockedUntil(Kind kind, String value, Instant now) {
        Count count = live(key(kind, value), now);
        return count == null ? null : count.lockedUntil();
    }

    @Override
    protected synchronized Counted countFailure(Kind kind, String value, Instant now) {
        String key = key(kind, value);
        Count before = live(key, now);
        Counted counted = next(kind, before == null ? 0 : before.failures(), now);
        Duration lockout = counted.lockedUntil() == null ? Duration.ZERO : Duration.between(now, counted.lockedUntil());
        if (before == null && counts.size() >= maxEntries) {
            makeRoom(now);
        }
        counts.put(key, new Count(counted.failures(), counted.lockedUntil(), now.plus(keptFor(lockout))));
        return counted;
    }

    @Override
    protected synchronized void clear(Kind kind, String value) {
        counts.remove(key(kind, value));
    }

    /** How many counts are kept now. */
    public synchronized int size() {
        return counts.size();
    }

    private @Nullable Count live(String key, Instant now) {
        Count count = counts.get(key);
        if (count != null && !count.expiresAt().isAfter(now)) {
            counts.remove(key);
            return null;
        }
        return count;
    }

    private void makeRoom(Instant now) {
        counts.values().removeIf(count -> !count.expiresAt().isAfter(now));
        var oldest = counts.keySet().iterator();
        while (counts.size() >= maxEntries && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
    }

    private static String key(Kind kind, String value) {
        return (kind == Kind.ACCOUNT ? "a:" : "i:") + value;
    }
}

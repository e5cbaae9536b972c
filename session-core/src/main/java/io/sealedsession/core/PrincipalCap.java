package io.sealedsession.core;

/**
 * How many sessions one principal may hold at once, and what happens when one more signs in.
 *
 * <p>The check runs when a session is authenticated, as one atomic step on the principal's index
 * ({@link io.sealedsession.core.port.SessionStore#admit}): under {@link AtCap#REJECT} any number of
 * simultaneous sign-ins leave at most {@code maxSessions} signed-in sessions; under
 * {@link AtCap#EVICT_OLDEST} at most {@code maxSessions} remain once the evicted ones are ended,
 * which the signing-in request does before it returns.
 *
 * @param maxSessions the most sessions a principal may hold, at least 1
 * @param atCap what to do with a sign-in that would exceed the cap
 */
public record PrincipalCap(int maxSessions, AtCap atCap) {

    /** The behaviour at the cap. */
    public enum AtCap {
        /** Sign-in fails with {@link SessionLimitExceededException}; existing sessions are kept. */
        REJECT,
        /** The sessions with the earliest absolute deadlines are ended to make room. */
        EVICT_OLDEST
    }

    /** No cap: a principal may hold any number of sessions. */
    public static final PrincipalCap UNLIMITED = new PrincipalCap(Integer.MAX_VALUE, AtCap.EVICT_OLDEST);

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException when {@code maxSessions} is below 1
     */
    public PrincipalCap {
        if (maxSessions < 1) {
            throw new IllegalArgumentException("maxSessions must be at least 1, but was " + maxSessions);
        }
        java.util.Objects.requireNonNull(atCap, "atCap");
    }

    /** At most {@code maxSessions}; a sign-in beyond them fails with {@link SessionLimitExceededException}. */
    public static PrincipalCap rejectAbove(int maxSessions) {
        return new PrincipalCap(maxSessions, AtCap.REJECT);
    }

    /** At most {@code maxSessions}; a sign-in beyond them ends the principal's oldest sessions. */
    public static PrincipalCap evictOldestAbove(int maxSessions) {
        return new PrincipalCap(maxSessions, AtCap.EVICT_OLDEST);
    }

    /** Whether this is {@link #UNLIMITED}. */
    public boolean isUnlimited() {
        return maxSessions == Integer.MAX_VALUE;
    }
}

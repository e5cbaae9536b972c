package io.sealedsession.core;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The rules every session follows. Immutable; every value is checked when the policy is built.
 *
 * <p>Defaults ({@link #ofDefaults()}):
 * <ul>
 *   <li>idle timeout 30 minutes: a session not used for that long is gone;</li>
 *   <li>absolute lifetime 8 hours: a session ends then however busy it is;</li>
 *   <li>lazy touch interval 60 seconds: the last-access time inside the record is rewritten at
 *       most once a minute (the store's expiry is refreshed on every read regardless);</li>
 *   <li>periodic renewal off: the token changes on authentication and on request, not on a timer;</li>
 *   <li>16 sessions per principal, the oldest ended beyond that;</li>
 *   <li>records of at most 64 KiB and 256 attributes.</li>
 * </ul>
 *
 * @param idleTimeout how long a session lives without being used; at least one second
 * @param absoluteLifetime how long a session lives at most from its creation; not shorter than
 *     the idle timeout
 * @param lazyTouchInterval the least time between two rewrites of the last-access time; zero
 *     rewrites it on every request; shorter than the idle timeout
 * @param renewalInterval when set, a session whose token is older than this gets a new token on
 *     its next save
 * @param principalCap the per-principal cap
 * @param maxRecordBytes the largest encoded record, before sealing
 * @param maxAttributes the most attributes one session may hold
 */
public record SessionPolicy(
        Duration idleTimeout,
        Duration absoluteLifetime,
        Duration lazyTouchInterval,
        @Nullable Duration renewalInterval,
        PrincipalCap principalCap,
        int maxRecordBytes,
        int maxAttributes) {

    /** The largest record size a policy may allow: 16 MiB. */
    public static final int MAX_RECORD_BYTES_LIMIT = 16 * 1024 * 1024;

    private static final SessionPolicy DEFAULTS = new SessionPolicy(
            Duration.ofMinutes(30),
            Duration.ofHours(8),
            Duration.ofSeconds(60),
            null,
            PrincipalCap.evictOldestAbove(16),
            64 * 1024,
            256);

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException when a value is out of range; the message names it and what it was
     */
    public SessionPolicy {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(absoluteLifetime, "absoluteLifetime");
        Objects.requireNonNull(lazyTouchInterval, "lazyTouchInterval");
        Objects.requireNonNull(principalCap, "principalCap");
        if (idleTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("idleTimeout must be at least 1s, but was " + idleTimeout);
        }
        if (absoluteLifetime.compareTo(idleTimeout) < 0) {
            throw new IllegalArgumentException("absoluteLifetime must not be shorter than idleTimeout ("
                    + idleTimeout + "), but was " + absoluteLifetime);
        }
        if (lazyTouchInterval.isNegative() || lazyTouchInterval.compareTo(idleTimeout) >= 0) {
            throw new IllegalArgumentException("lazyTouchInterval must be at least zero and shorter than idleTimeout ("
                    + idleTimeout + "), but was " + lazyTouchInterval);
        }
        if (renewalInterval != null && (renewalInterval.isNegative() || renewalInterval.isZero())) {
            throw new IllegalArgumentException("renewalInterval must be positive when set, but was " + renewalInterval);
        }
        if (maxRecordBytes < 256 || maxRecordBytes > MAX_RECORD_BYTES_LIMIT) {
            throw new IllegalArgumentException("maxRecordBytes must be between 256 and " + MAX_RECORD_BYTES_LIMIT
                    + ", but was " + maxRecordBytes);
        }
        if (maxAttributes < 1) {
            throw new IllegalArgumentException("maxAttributes must be at least 1, but was " + maxAttributes);
        }
    }

    /** The defaults listed above. */
    public static SessionPolicy ofDefaults() {
        return DEFAULTS;
    }

    /** A builder that starts from the defaults. */
    public static Builder custom() {
        return new Builder(DEFAULTS);
    }

    /** A builder that starts from {@code base}. */
    public static Builder from(SessionPolicy base) {
        return new Builder(base);
    }

    /** Builds a {@link SessionPolicy}; every value is checked by {@link #build()}. */
    public static final class Builder {
        private Duration idleTimeout;
        private Duration absoluteLifetime;
        private Duration lazyTouchInterval;
        private @Nullable Duration renewalInterval;
        private PrincipalCap principalCap;
        private int maxRecordBytes;
        private int maxAttributes;

        private Builder(SessionPolicy base) {
            this.idleTimeout = base.idleTimeout;
            this.absoluteLifetime = base.absoluteLifetime;
            this.lazyTouchInterval = base.lazyTouchInterval;
            this.renewalInterval = base.renewalInterval;
            this.principalCap = base.principalCap;
            this.maxRecordBytes = base.maxRecordBytes;
            this.maxAttributes = base.maxAttributes;
        }

        /** How long a session lives without a request; 30 minutes by default. */
        public Builder idleTimeout(Duration value) {
            this.idleTimeout = Objects.requireNonNull(value, "idleTimeout");
            return this;
        }

        /** How long a session lives at most, however busy; 8 hours by default. */
        public Builder absoluteLifetime(Duration value) {
            this.absoluteLifetime = Objects.requireNonNull(value, "absoluteLifetime");
            return this;
        }

        /** How often at most a read rewrites the last-access time in the record; 60 seconds by default. */
        public Builder lazyTouchInterval(Duration value) {
            this.lazyTouchInterval = Objects.requireNonNull(value, "lazyTouchInterval");
            return this;
        }

        /** Renews the token of sessions older than {@code value}; {@code null} turns renewal off. */
        public Builder renewalInterval(@Nullable Duration value) {
            this.renewalInterval = value;
            return this;
        }

        /** How many sessions one principal may hold, and what happens above; 16, evicting the oldest, by default. */
        public Builder principalCap(PrincipalCap value) {
            this.principalCap = Objects.requireNonNull(value, "principalCap");
            return this;
        }

        /** The largest encoded session, in bytes; 64 KiB by default. */
        public Builder maxRecordBytes(int value) {
            this.maxRecordBytes = value;
            return this;
        }

        /** The most attributes a session may hold; 256 by default. */
        public Builder maxAttributes(int value) {
            this.maxAttributes = value;
            return this;
        }

        /**
         * Builds the policy from the values set so far.
         *
         * @return the policy
         * @throws IllegalArgumentException naming the first value that is out of range
         */
        public SessionPolicy build() {
            return new SessionPolicy(idleTimeout, absoluteLifetime, lazyTouchInterval, renewalInterval,
                    principalCap, maxRecordBytes, maxAttributes);
        }
    }
}

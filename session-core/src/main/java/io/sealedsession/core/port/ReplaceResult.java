package io.sealedsession.core.port;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a compare-and-set {@link SessionStore#replace} did.
 *
 * @param outcome what happened
 * @param newVersion the version written, when the outcome is {@link Outcome#REPLACED}; otherwise 0
 * @param current the record that is there instead, when the outcome is {@link Outcome#CONFLICT}
 *     and the store could return it in the same step; otherwise null
 */
public record ReplaceResult(Outcome outcome, long newVersion, @Nullable StoredRecord current) {

    /** The three ways a compare-and-set ends. */
    public enum Outcome {
        /** The record was replaced. */
        REPLACED,
        /** The record exists at another version; nothing was written. */
        CONFLICT,
        /** There is no record; nothing was written. */
        MISSING,
        /**
         * A fenced replace ({@link SessionStore#replace(io.sealedsession.core.SessionKey, long, byte[],
         * java.time.Duration, byte[])}) found the session's lock no longer held with its fence;
         * nothing was written.
         */
        LOCK_LOST
    }

    /** @throws NullPointerException when {@code outcome} is null */
    public ReplaceResult {
        Objects.requireNonNull(outcome, "outcome");
    }

    /** @param newVersion the version the store wrote */
    public static ReplaceResult replaced(long newVersion) {
        return new ReplaceResult(Outcome.REPLACED, newVersion, null);
    }

    /** @param current the record found, or null when the store does not return it */
    public static ReplaceResult conflict(@Nullable StoredRecord current) {
        return new ReplaceResult(Outcome.CONFLICT, 0, current);
    }

    /** There was no record; nothing was written. */
    public static ReplaceResult missing() {
        return new ReplaceResult(Outcome.MISSING, 0, null);
    }

    /** The session's lock no longer held the caller's fence; nothing was written. */
    public static ReplaceResult lockLost() {
        return new ReplaceResult(Outcome.LOCK_LOST, 0, null);
    }
}

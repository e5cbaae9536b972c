package io.sealedsession.core;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An audit event. It carries a token's fingerprint (see {@link SessionToken#fingerprint()}),
 * never a token.
 *
 * @param type what happened
 * @param at when, in UTC
 * @param fingerprint the fingerprint of the token concerned, or null when there is none (a
 *     malformed token has no fingerprint worth keeping)
 * @param principal the principal concerned, when one is known
 * @param detail a short explanation for people, free of secrets
 */
public record SessionEvent(Type type, Instant at, @Nullable String fingerprint, @Nullable String principal, String detail) {

    /** The kinds of event. */
    public enum Type {
        /** A new session was written for the first time. */
        CREATED,
        /** A session got a new token; the old one opens nothing any more. */
        ROTATED,
        /** A principal was bound to a session (always with a rotation). */
        AUTHENTICATED,
        /** A session was ended on purpose (sign-out, revocation, cap eviction). */
        INVALIDATED,
        /** A session was found past its absolute deadline or idle timeout and removed. */
        EXPIRED_ON_LOAD,
        /** A token named no session: never issued, expired or ended. A new session will be issued. */
        UNKNOWN_TOKEN,
        /** A token was not well-formed and was refused before any store was asked. */
        MALFORMED_TOKEN,
        /** A stored record did not open or decode: altered, moved, truncated, or sealed with a retired key. */
        TAMPERED,
        /** A sign-in met the per-principal cap. */
        CAP_REACHED,
        /** The store could not be reached. */
        STORE_UNAVAILABLE,
        /** A write found the session deleted meanwhile and did not bring it back. */
        WRITE_AFTER_DELETE_REFUSED,
        /**
         * A write found that the session had been given a new token at sign-in or on a privilege
         * change after this request loaded it; the write was refused so that nothing a request
         * computed before the sign-in reaches the signed-in session.
         */
        WRITE_AFTER_ROTATION_REFUSED,
        /**
         * A save replaced an attribute that another request had changed since this one read it
         * (plain {@code setAttribute}, last writer wins for that attribute). Use
         * {@link Session#update} for read-modify-write, which is re-applied instead.
         */
        CONCURRENT_OVERWRITE,
        /** A sign-in attempt failed (wrong or unknown credentials); the principal is the account name tried. */
        SIGN_IN_FAILED,
        /** A sign-in attempt was refused unchecked because the account or the address failed too often. */
        SIGN_IN_THROTTLED
    }

    /** @throws NullPointerException when {@code type}, {@code at} or {@code detail} is null */
    public SessionEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(detail, "detail");
    }
}

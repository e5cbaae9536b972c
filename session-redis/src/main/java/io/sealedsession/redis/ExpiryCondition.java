package io.sealedsession.redis;

/** When {@code PEXPIRE} sets an expiry (the options of Redis 7.0 and later). */
public enum ExpiryCondition {
    /** Only when the key has no expiry yet ({@code NX}). */
    IF_NONE,
    /** Only when the new expiry is later than the current one ({@code GT}); a key without expiry is left alone. */
    IF_LATER
}

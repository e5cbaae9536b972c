package io.sealedsession.core;

import io.sealedsession.core.internal.Base64Url;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * The secret a client holds: 32 bytes from a {@link SecureRandom}, written as 43 characters of
 * unpadded base64url.
 *
 * <p>A token never reaches the store: the store sees only its {@link SessionKey}, the SHA-256 of
 * the token. {@link #toString()} prints a short fingerprint, never the value; the value itself is
 * available only through the deliberately named {@link #revealValue()}, meant for the one place
 * that writes it to the client (a cookie or a header).
 *
 * <p>Parsing is strict: anything but exactly 43 characters of the base64url alphabet that decode
 * to 32 bytes in canonical form is refused, so such input never reaches a store.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class SessionToken {

    /** Number of random bytes in a token. */
    public static final int BYTES = 32;
    /** Number of characters of an encoded token. */
    public static final int ENCODED_LENGTH = 43;

    private final String value;
    private final SessionKey key;

    private SessionToken(String value) {
        this.value = value;
        this.key = SessionKey.derive(value);
    }

    /**
     * Generates a fresh token from the given source of randomness.
     *
     * @param random a cryptographically strong generator; {@link SecureRandom} is required on
     *     purpose so that a weaker {@code Random} cannot be passed by accident
     */
    public static SessionToken generate(SecureRandom random) {
        byte[] bytes = new byte[BYTES];
        random.nextBytes(bytes);
        return new SessionToken(Base64Url.encode(bytes));
    }

    /**
     * Parses a token presented by a client.
     *
     * @return the token, or empty when the input is not a well-formed token (null, wrong length,
     *     a character outside the base64url alphabet, or a non-canonical encoding)
     */
    public static Optional<SessionToken> parse(@org.jspecify.annotations.Nullable String candidate) {
        // One pass over the characters, nothing decoded: every token a client presents is read here,
        // and only a well-formed one costs a hash.
        if (candidate == null || !Base64Url.isCanonical(candidate, BYTES)) {
            return Optional.empty();
        }
        return Optional.of(new SessionToken(candidate));
    }

    /** The key the store files this session under: {@code base64url(SHA-256(token))}. */
    public SessionKey key() {
        return key;
    }

    /**
     * A short, non-secret fragment fit for logs and audit events: the first 8 characters of the
     * session key. It cannot be turned back into the token.
     */
    public String fingerprint() {
        return key.fingerprint();
    }

    /**
     * The token's value, to be written to the client and nowhere else. Never log it and never
     * send it to a store.
     */
    public String revealValue() {
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SessionToken that
                && MessageDigest.isEqual(
                        value.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                        that.value.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    @Override
    public String toString() {
        return "SessionToken[" + fingerprint() + "…]";
    }
}

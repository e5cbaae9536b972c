package io.sealedsession.core;

import io.sealedsession.core.internal.Base64Url;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * What a store knows a session by: {@code base64url(SHA-256(token))}, 43 characters.
 *
 * <p>A key is not a credential. Someone who reads every key in the store cannot present one as a
 * token: a key given as a token is hashed again and names a session that does not exist. This is
 * the property that makes a stolen copy of the store useless for session hijacking.
 *
 * @param value the encoded digest
 */
public record SessionKey(String value) {

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException unless {@code value} is 43 base64url characters
     */
    public SessionKey {
        if (value.length() != SessionToken.ENCODED_LENGTH) {
            throw new IllegalArgumentException(
                    "a session key has " + SessionToken.ENCODED_LENGTH + " characters, but was " + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            if (!Base64Url.isAlphabet(value.charAt(i))) {
                throw new IllegalArgumentException("a session key is base64url, but character " + i + " is not");
            }
        }
    }

    /**
     * One SHA-256 instance per thread: looking the algorithm up costs more than hashing a token,
     * and a digest is not thread-safe.
     */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    });

    static SessionKey derive(String tokenValue) {
        MessageDigest sha256 = SHA_256.get();
        sha256.reset();
        return new SessionKey(Base64Url.encode(sha256.digest(tokenValue.getBytes(StandardCharsets.US_ASCII))));
    }

    /** The first 8 characters: enough to correlate log lines, too few to find the record by. */
    public String fingerprint() {
        return value.substring(0, 8);
    }

    @Override
    public String toString() {
        return "SessionKey[" + fingerprint() + "…]";
    }
}

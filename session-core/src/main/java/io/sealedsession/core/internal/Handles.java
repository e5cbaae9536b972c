package io.sealedsession.core.internal;

import io.sealedsession.core.SessionKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Handles: a one-way name for a session key, for showing to the session's owner. */
public final class Handles {

    private Handles() {}

    public static String of(SessionKey key) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update("sealedsession-handle:".getBytes(StandardCharsets.US_ASCII));
            byte[] digest = sha256.digest(key.value().getBytes(StandardCharsets.US_ASCII));
            return Base64Url.encode(digest).substring(0, 22);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}

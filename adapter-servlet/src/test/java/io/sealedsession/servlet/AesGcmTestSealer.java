package io.sealedsession.servlet;

import io.sealedsession.core.port.PrincipalKey;
import io.sealedsession.core.port.SessionSealer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A real AEAD for the adapter's tests, on the JDK alone: AES-256-GCM with a random 12-byte nonce
 * and a 128-bit tag over the associated data, so records bound to one key do not open under
 * another. The production sealer lives in session-crypto (Tink); this one keeps the servlet tests
 * independent of it. Keys are random per instance and never leave it.
 */
final class AesGcmTestSealer implements SessionSealer {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecureRandom random = new SecureRandom();
    private final SecretKeySpec aeadKey;
    private final SecretKeySpec prfKey;

    AesGcmTestSealer() {
        byte[] aead = new byte[32];
        byte[] prf = new byte[32];
        random.nextBytes(aead);
        random.nextBytes(prf);
        this.aeadKey = new SecretKeySpec(aead, "AES");
        this.prfKey = new SecretKeySpec(prf, "HmacSHA256");
    }

    @Override
    public byte[] seal(byte[] plaintext, byte[] associatedData) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, aeadKey, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData);
            byte[] ciphertext = cipher.doFinal(plaintext);
            byte[] sealed = Arrays.copyOf(nonce, NONCE_BYTES + ciphertext.length);
            System.arraycopy(ciphertext, 0, sealed, NONCE_BYTES, ciphertext.length);
            return sealed;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is available on every Java platform", e);
        }
    }

    @Override
    public Optional<byte[]> open(byte[] sealed, byte[] associatedData) {
        if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
            return Optional.empty();
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, aeadKey, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData);
            return Optional.of(cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES));
        } catch (GeneralSecurityException e) {
            // A wrong tag, a wrong key or altered associated data all read as "does not open".
            return Optional.empty();
        }
    }

    @Override
    public PrincipalKey principalKey(String principal) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(prfKey);
            byte[] digest = mac.doFinal(principal.getBytes(StandardCharsets.UTF_8));
            String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
            return new PrincipalKey(encoded.substring(0, 32));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is available on every Java platform", e);
        }
    }
}

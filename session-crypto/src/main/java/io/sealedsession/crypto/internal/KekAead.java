package io.sealedsession.crypto.internal;

import com.google.crypto.tink.Aead;
import io.sealedsession.crypto.KeyEncryptionKey;
import io.sealedsession.crypto.KeysetException;
import java.security.GeneralSecurityException;
import java.util.Objects;

/**
 * Presents a user's {@link KeyEncryptionKey} to Tink's encrypted keyset format, which wants an
 * {@link Aead}. A runtime failure of the user's key (a KMS out of reach, a permission refused) is
 * reported as such, so that it is not mistaken for a wrong key.
 */
public final class KekAead implements Aead {

    private final KeyEncryptionKey key;

    public KekAead(KeyEncryptionKey key) {
        this.key = Objects.requireNonNull(key, "keyEncryptionKey");
    }

    @Override
    public byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
        try {
            return Objects.requireNonNull(key.encrypt(plaintext, associatedData), "the key-encryption key returned null");
        } catch (RuntimeException e) {
            throw new KeysetException("the key-encryption key failed to encrypt (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    @Override
    public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
        try {
            return Objects.requireNonNull(key.decrypt(ciphertext, associatedData), "the key-encryption key returned null");
        } catch (RuntimeException e) {
            throw new KeysetException("the key-encryption key failed to decrypt (" + e.getClass().getSimpleName() + ")", e);
        }
    }
}

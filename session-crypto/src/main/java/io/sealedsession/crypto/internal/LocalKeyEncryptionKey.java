package io.sealedsession.crypto.internal;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import io.sealedsession.crypto.KeyEncryptionKey;
import io.sealedsession.crypto.KeyFilePolicy;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/** A {@link KeyEncryptionKey} backed by a Tink AEAD keyset held in this process. Thread-safe. */
public final class LocalKeyEncryptionKey implements KeyEncryptionKey {

    private static final String WHAT = "the key-encryption keyset";

    private final Aead aead;
    private final int primaryKeyId;

    private LocalKeyEncryptionKey(KeysetHandle keyset) {
        this.aead = Keysets.aead(keyset, WHAT);
        this.primaryKeyId = keyset.getPrimary().getId();
    }

    public static LocalKeyEncryptionKey load(Path file, KeyFilePolicy policy) {
        KeyFiles.checkPermissions(file, "Cleartext key-encryption keyset", policy);
        return parse(KeyFiles.read(file, "key-encryption keyset"), "the key-encryption keyset in file " + file);
    }

    public static LocalKeyEncryptionKey parse(String keysetJson, String source) {
        return new LocalKeyEncryptionKey(Keysets.fromCleartextJson(keysetJson, source));
    }

    public static LocalKeyEncryptionKey generate(Path file) {
        KeysetHandle keyset = Keysets.generateKeyEncryption();
        KeyFiles.writeOwnerOnly(file, Keysets.toCleartextJson(keyset, WHAT), false, "key-encryption keyset");
        return new LocalKeyEncryptionKey(keyset);
    }

    @Override
    public byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
        return aead.encrypt(plaintext, associatedData);
    }

    @Override
    public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
        return aead.decrypt(ciphertext, associatedData);
    }

    @Override
    public String toString() {
        return "KeyEncryptionKey[local Tink keyset, primary key " + Keysets.id(primaryKeyId) + "]";
    }
}

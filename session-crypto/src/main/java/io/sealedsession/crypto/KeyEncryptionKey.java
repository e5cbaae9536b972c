package io.sealedsession.crypto;

import io.sealedsession.crypto.internal.LocalKeyEncryptionKey;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/**
 * The key that encrypts a {@link SessionKeyring} at rest: an authenticated cipher with associated
 * data, the shape every key-management service client offers (AWS KMS, Google Cloud KMS, Azure
 * Key Vault, HashiCorp Vault's transit engine). Wrap your KMS client in this interface, or use
 * {@link #fromKeysetFile(Path)} for a local key when there is no KMS.
 *
 * <p>The library calls {@link #encrypt} once per keyset part when it writes a keyring and
 * {@link #decrypt} once per part when it loads one, never per request, so a remote KMS costs a
 * round trip at start-up only.
 *
 * <p>Implementations must be thread-safe and must authenticate: {@link #decrypt} must fail for a
 * ciphertext that was altered or that was produced with other associated data. Arguments and
 * results are never null.
 */
public interface KeyEncryptionKey {

    /**
     * Encrypts and authenticates {@code plaintext}, bound to {@code associatedData}.
     *
     * @throws GeneralSecurityException when encryption is impossible; the library reports it as a
     *     {@link KeysetException}
     */
    byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException;

    /**
     * Decrypts a ciphertext made by {@link #encrypt} with the same associated data.
     *
     * @throws GeneralSecurityException when the ciphertext does not authenticate (another key,
     *     other associated data, altered bytes); the library reports it as a
     *     {@link KeysetException}
     */
    byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException;

    /**
     * A key-encryption key read from a local Tink AEAD keyset in Tink's cleartext JSON format, for
     * deployments without a KMS. Keep that file apart from the keyring it protects (a secret mount,
     * another volume): whoever holds both holds every session.
     *
     * <p>Refuses a file that users other than its owner can write, and logs a warning naming the
     * file when they have any other right on it (requirements D4 and H5); see {@link KeyFilePolicy}.
     *
     * @throws KeysetException when the file cannot be read, does not hold a usable AEAD keyset, or
     *     is writable by its group or other users
     */
    static KeyEncryptionKey fromKeysetFile(Path file) {
        return fromKeysetFile(file, KeyFilePolicy.REFUSE_WRITABLE_BY_OTHERS);
    }

    /**
     * As {@link #fromKeysetFile(Path)}, with the file's permissions judged by {@code policy}.
     *
     * @throws KeysetException as {@link #fromKeysetFile(Path)}; a file writable by others only
     *     under {@link KeyFilePolicy#REFUSE_WRITABLE_BY_OTHERS}
     */
    static KeyEncryptionKey fromKeysetFile(Path file, KeyFilePolicy policy) {
        return LocalKeyEncryptionKey.load(file, java.util.Objects.requireNonNull(policy, "policy"));
    }

    /**
     * A key-encryption key from a Tink AEAD keyset in Tink's cleartext JSON format, held in a
     * string (from a secret store, for example).
     *
     * @throws KeysetException when the text is not a usable AEAD keyset
     */
    static KeyEncryptionKey fromKeysetJson(String keysetJson) {
        return LocalKeyEncryptionKey.parse(keysetJson, "the key-encryption keyset given as a string");
    }

    /**
     * Creates a new local key-encryption key (an AES-256-GCM Tink keyset), writes it to a new file
     * readable by its owner only (where the file system has POSIX permissions), and returns it.
     *
     * @throws KeysetException when the file already exists (overwriting a key-encryption key
     *     would make every keyring encrypted under it unreadable) or cannot be written
     */
    static KeyEncryptionKey generateKeysetFile(Path file) {
        return LocalKeyEncryptionKey.generate(file);
    }
}

package io.sealedsession.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import io.sealedsession.crypto.internal.KekAead;
import io.sealedsession.crypto.internal.KeyFiles;
import io.sealedsession.crypto.internal.KeyringFormat;
import io.sealedsession.crypto.internal.KeyringFormat.Part;
import io.sealedsession.crypto.internal.KeyringFormat.Parts;
import io.sealedsession.crypto.internal.KeyringFormat.Protection;
import io.sealedsession.crypto.internal.Keysets;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every secret key Sealed Sessions uses, as one immutable value: the <em>sealing keys</em> that
 * encrypt session records, and the <em>principal key</em> that turns principal names into index
 * names.
 *
 * <h2>Sealing keys: rotatable</h2>
 * AES-256-GCM keys, one of them primary. Every record is sealed with the primary key and carries
 * that key's id, so rotation is three steps, each a new keyring (requirement D3):
 * <ol>
 *   <li>{@link #withNewKey()} adds an enabled key that is not yet primary. Deploy this keyring
 *       everywhere first, so that every instance can open what the new key will seal.</li>
 *   <li>{@link #promote(int)} makes it primary. New and re-saved records are sealed with it;
 *       records sealed with the old key still open, and are re-sealed with the new one on their
 *       next write.</li>
 *   <li>{@link #retire(int)} disables the old key once its records have been rewritten or have
 *       expired (the absolute session lifetime bounds how long that takes). Records still sealed
 *       with it no longer open: they read as "no session". {@link #delete(int)} then removes its
 *       material for good.</li>
 * </ol>
 * The primary key can be neither retired nor deleted.
 *
 * <h2>Principal key: stable</h2>
 * One HMAC-SHA256 key, used as a pseudorandom function of principal names. A principal's index is
 * filed under that function's output, so this key is never rotated: a new key would file every
 * principal under a new name, and the existing indexes, which "end every session of user X" relies
 * on, would be orphaned until their sessions expired. Rotating sealing keys never touches it.
 *
 * <h2>Storage</h2>
 * One JSON file holds both keysets. The normal form is encrypted under a
 * {@link KeyEncryptionKey} ({@link #write(Path, KeyEncryptionKey)},
 * {@link #load(Path, KeyEncryptionKey)}, {@link #fromEnvironment(String, KeyEncryptionKey)},
 * {@link #fromJson(String, KeyEncryptionKey)}). A cleartext form exists for development and for
 * platforms that keep secrets elsewhere, and only through methods whose names say
 * {@code InsecureCleartext}; loading one logs a warning. Loading any keyring from a file that users
 * other than its owner may read logs a warning naming the file (requirement D4), and one they may
 * write is refused unless {@link KeyFilePolicy#INSECURE_ALLOW_WRITABLE_BY_OTHERS} is given
 * (requirement H5). Files are written readable and writable by their owner only (0600), where the
 * file system has POSIX permissions. Each form is refused by the other
 * form's methods, so a cleartext keyring is never loaded by accident.
 *
 * <p>Only AES-256-GCM sealing keys (with Tink's key-id prefix) and exactly one HMAC-SHA256
 * principal key are accepted: any other keyset is refused with a {@link KeysetException} saying
 * which key is wrong.
 *
 * <p>Instances are immutable and thread-safe; {@link #toString()} shows key ids and statuses,
 * never key material. Arguments must not be null. Every failure is a {@link KeysetException},
 * with a message that never contains key material.
 */
public final class SessionKeyring {

    private static final Logger LOG = LoggerFactory.getLogger(SessionKeyring.class);

    private final KeysetHandle sealingKeys;
    private final KeysetHandle principalKeys;
    private final List<KeyInfo> aeadKeys;
    private final TinkSessionSealer sealer;

    private SessionKeyring(KeysetHandle sealingKeys, KeysetHandle principalKeys) {
        Keysets.requireSealing(sealingKeys);
        Keysets.requirePrincipal(principalKeys);
        this.sealingKeys = sealingKeys;
        this.principalKeys = principalKeys;
        this.aeadKeys = Keysets.describe(sealingKeys);
        this.sealer = new TinkSessionSealer(sealingKeys, principalKeys);
    }

    /**
     * A new keyring with one fresh AES-256-GCM sealing key (primary) and one fresh HMAC-SHA256
     * principal key. A keyring that is generated and never written loses every session when the
     * process stops; persist it with {@link #write(Path, KeyEncryptionKey)}.
     */
    public static SessionKeyring generate() {
        return new SessionKeyring(Keysets.generateSealing(), Keysets.generatePrincipal());
    }

    /** This keyring plus a fresh AES-256-GCM sealing key, enabled but not primary. */
    public SessionKeyring withNewKey() {
        return new SessionKeyring(Keysets.withNewSealingKey(sealingKeys), principalKeys);
    }

    /**
     * This keyring with sealing key {@code keyId} as primary.
     *
     * @throws KeysetException when there is no such key, or it is retired
     */
    public SessionKeyring promote(int keyId) {
        return new SessionKeyring(Keysets.promote(sealingKeys, keyId), principalKeys);
    }

    /**
     * This keyring with sealing key {@code keyId} disabled: records sealed with it no longer open.
     * Its material stays in the keyring until {@link #delete(int)}. Retiring a retired key changes
     * nothing.
     *
     * @throws KeysetException when there is no such key, or it is the primary key
     */
    public SessionKeyring retire(int keyId) {
        return new SessionKeyring(Keysets.retire(sealingKeys, keyId), principalKeys);
    }

    /**
     * This keyring without sealing key {@code keyId} and its material: records sealed with it can
     * never be opened again, by any keyring.
     *
     * @throws KeysetException when there is no such key, or it is the primary key
     */
    public SessionKeyring delete(int keyId) {
        return new SessionKeyring(Keysets.delete(sealingKeys, keyId), principalKeys);
    }

    /**
     * This keyring with a fresh sealing key as primary and every other sealing key retired, in one
     * step: no record sealed before opens with the result, so deploying it ends every session at
     * once, without a command to Redis (requirement H6). It is the answer to a keyring or a
     * Redis that can no longer be trusted (a leaked key; an attacker who writes old records back,
     * see the replay section of docs/security.md). The principal key is kept, so "end every
     * session of user X" still finds the indexes written before.
     *
     * <p>Unlike {@link #withNewKey()}, there is no step where other instances still seal with the
     * old key: an instance that runs the previous keyring keeps opening old records until it gets
     * this one, and cannot open what this one seals. Deploy it to every instance at once.
     */
    public SessionKeyring emergencyRotation() {
        SessionKeyring added = withNewKey();
        java.util.Set<Integer> before = aeadKeys.stream().map(KeyInfo::id).collect(Collectors.toSet());
        int fresh = added.aeadKeys.stream().map(KeyInfo::id).filter(id -> !before.contains(id)).findFirst()
                .orElseThrow(() -> new IllegalStateException("a key added to a keyring is new to it"));
        SessionKeyring rotated = added.promote(fresh);
        for (KeyInfo key : rotated.aeadKeys) {
            if (key.id() != fresh && key.status() == KeyInfo.Status.ENABLED) {
                rotated = rotated.retire(key.id());
            }
        }
        return rotated;
    }

    /** The sealing keys, in keyset order: ids, statuses and which one is primary. Unmodifiable. */
    public List<KeyInfo> aeadKeys() {
        return aeadKeys;
    }

    /** The id of the sealing key new records are sealed with. */
    public int primaryKeyId() {
        for (KeyInfo key : aeadKeys) {
            if (key.primary()) {
                return key.id();
            }
        }
        throw new IllegalStateException("a validated keyring always has a primary key");
    }

    /** The sealer over this keyring's keys; the same instance on every call. */
    public TinkSessionSealer sealer() {
        return sealer;
    }

    // ---- encrypted under a key-encryption key --------------------------------------------------

    /**
     * Loads a keyring file written by {@link #write(Path, KeyEncryptionKey)}.
     *
     * Refuses a file that users other than its owner can write (they could put back an older
     * keyring, with a key retired because it leaked), and logs a warning naming the file when they
     * have any other right on it (requirement H5); see {@link KeyFilePolicy}.
     *
     * @throws KeysetException when the file is missing or unreadable, is not a keyring, is a
     *     cleartext keyring, does not decrypt with {@code keyEncryptionKey}, holds a refused key,
     *     or is writable by its group or other users
     */
    public static SessionKeyring load(Path file, KeyEncryptionKey keyEncryptionKey) {
        return load(file, keyEncryptionKey, KeyFilePolicy.REFUSE_WRITABLE_BY_OTHERS);
    }

    /**
     * As {@link #load(Path, KeyEncryptionKey)}, with the file's permissions judged by {@code policy}.
     *
     * @throws KeysetException as {@link #load(Path, KeyEncryptionKey)}; a file writable by others
     *     only under {@link KeyFilePolicy#REFUSE_WRITABLE_BY_OTHERS}
     */
    public static SessionKeyring load(Path file, KeyEncryptionKey keyEncryptionKey, KeyFilePolicy policy) {
        Objects.requireNonNull(keyEncryptionKey, "keyEncryptionKey");
        KeyFiles.checkPermissions(file, "Keyring", Objects.requireNonNull(policy, "policy"));
        return decrypt(KeyFiles.read(file, "keyring"), keyEncryptionKey, "keyring file " + file);
    }

    /**
     * Loads an encrypted keyring whose JSON text is the value of environment variable
     * {@code variable}.
     *
     * @throws KeysetException as {@link #load(Path, KeyEncryptionKey)}, and when the variable is
     *     unset or empty
     */
    public static SessionKeyring fromEnvironment(String variable, KeyEncryptionKey keyEncryptionKey) {
        return fromEnvironment(variable, keyEncryptionKey, System::getenv);
    }

    static SessionKeyring fromEnvironment(String variable, KeyEncryptionKey keyEncryptionKey,
            Function<String, @Nullable String> environment) {
        Objects.requireNonNull(keyEncryptionKey, "keyEncryptionKey");
        String json = KeyFiles.readEnvironment(variable, environment, "keyring");
        return decrypt(json, keyEncryptionKey, "the keyring in environment variable " + variable);
    }

    /**
     * Reads an encrypted keyring from its JSON text, as {@link #toJson(KeyEncryptionKey)} writes it.
     *
     * @throws KeysetException as {@link #load(Path, KeyEncryptionKey)}
     */
    public static SessionKeyring fromJson(String json, KeyEncryptionKey keyEncryptionKey) {
        Objects.requireNonNull(keyEncryptionKey, "keyEncryptionKey");
        return decrypt(json, keyEncryptionKey, "the keyring given as a string");
    }

    private static SessionKeyring decrypt(String json, KeyEncryptionKey keyEncryptionKey, String source) {
        Parts parts = KeyringFormat.read(json, source);
        if (parts.protection() != Protection.KEY_ENCRYPTION_KEY) {
            throw new KeysetException(source + " is an insecure cleartext keyring, not one encrypted under a key-encryption"
                    + " key. Re-write it encrypted with SessionKeyring.write(path, keyEncryptionKey), or, if cleartext is"
                    + " really intended, load it with loadInsecureCleartext / fromInsecureCleartextJson");
        }
        Aead kek = new KekAead(keyEncryptionKey);
        KeysetHandle sealing = Keysets.fromEncryptedJson(parts.get(Part.AEAD), kek, Part.AEAD.associatedData(),
                "the sealing keyset of " + source);
        KeysetHandle principal = Keysets.fromEncryptedJson(parts.get(Part.PRF), kek, Part.PRF.associatedData(),
                "the principal keyset of " + source);
        return new SessionKeyring(sealing, principal);
    }

    /**
     * This keyring as JSON text, both keysets encrypted under {@code keyEncryptionKey}; each is
     * bound by associated data to its place in the file, so the two cannot be swapped.
     *
     * @throws KeysetException when the key-encryption key fails
     */
    public String toJson(KeyEncryptionKey keyEncryptionKey) {
        Aead kek = new KekAead(Objects.requireNonNull(keyEncryptionKey, "keyEncryptionKey"));
        String sealing = Keysets.toEncryptedJson(sealingKeys, kek, Part.AEAD.associatedData(), "the sealing keyset");
        String principal = Keysets.toEncryptedJson(principalKeys, kek, Part.PRF.associatedData(), "the principal keyset");
        return KeyringFormat.write(Protection.KEY_ENCRYPTION_KEY, sealing, principal);
    }

    /**
     * Writes {@link #toJson(KeyEncryptionKey)} to {@code file}, replacing it atomically if it
     * exists, readable and writable by its owner only where the file system has POSIX permissions.
     *
     * @throws KeysetException when the key-encryption key fails or the file cannot be written
     */
    public void write(Path file, KeyEncryptionKey keyEncryptionKey) {
        KeyFiles.writeOwnerOnly(file, toJson(keyEncryptionKey), true, "keyring");
    }

    // ---- insecure cleartext --------------------------------------------------------------------

    /**
     * Loads a cleartext keyring file written by {@link #writeInsecureCleartext(Path)}. Logs a
     * warning that a cleartext keyring is in use, and another naming the file when users other
     * than its owner have any right on it (requirement D4); refuses a file they can write
     * (requirement H5, see {@link KeyFilePolicy}).
     *
     * @throws KeysetException when the file is missing or unreadable, is not a keyring, is an
     *     encrypted keyring, holds a refused key, or is writable by its group or other users
     */
    public static SessionKeyring loadInsecureCleartext(Path file) {
        return loadInsecureCleartext(file, KeyFilePolicy.REFUSE_WRITABLE_BY_OTHERS);
    }

    /**
     * As {@link #loadInsecureCleartext(Path)}, with the file's permissions judged by {@code policy}.
     *
     * @throws KeysetException as {@link #loadInsecureCleartext(Path)}; a file writable by others
     *     only under {@link KeyFilePolicy#REFUSE_WRITABLE_BY_OTHERS}
     */
    public static SessionKeyring loadInsecureCleartext(Path file, KeyFilePolicy policy) {
        KeyFiles.checkPermissions(file, "Cleartext keyring", Objects.requireNonNull(policy, "policy"));
        return cleartext(KeyFiles.read(file, "keyring"), "keyring file " + file);
    }

    /**
     * Loads a cleartext keyring whose JSON text is the value of environment variable
     * {@code variable}, and logs a warning that a cleartext keyring is in use.
     *
     * @throws KeysetException as {@link #loadInsecureCleartext(Path)}, and when the variable is
     *     unset or empty
     */
    public static SessionKeyring fromInsecureCleartextEnvironment(String variable) {
        return fromInsecureCleartextEnvironment(variable, System::getenv);
    }

    static SessionKeyring fromInsecureCleartextEnvironment(String variable, Function<String, @Nullable String> environment) {
        String json = KeyFiles.readEnvironment(variable, environment, "keyring");
        return cleartext(json, "the keyring in environment variable " + variable);
    }

    /**
     * Reads a cleartext keyring from its JSON text, as {@link #toInsecureCleartextJson()} writes
     * it, and logs a warning that a cleartext keyring is in use.
     *
     * @throws KeysetException as {@link #loadInsecureCleartext(Path)}
     */
    public static SessionKeyring fromInsecureCleartextJson(String json) {
        return cleartext(json, "the keyring given as a string");
    }

    private static SessionKeyring cleartext(String json, String source) {
        Parts parts = KeyringFormat.read(json, source);
        if (parts.protection() != Protection.INSECURE_CLEARTEXT) {
            throw new KeysetException(source + " is encrypted under a key-encryption key; load it with"
                    + " SessionKeyring.load(path, keyEncryptionKey) or fromJson(json, keyEncryptionKey)");
        }
        KeysetHandle sealing = Keysets.fromCleartextJson(parts.get(Part.AEAD), "the sealing keyset of " + source);
        KeysetHandle principal = Keysets.fromCleartextJson(parts.get(Part.PRF), "the principal keyset of " + source);
        SessionKeyring keyring = new SessionKeyring(sealing, principal);
        LOG.warn("Loaded an insecure cleartext session keyring from {}: whoever reads it can read and forge every session."
                + " Keep keyrings encrypted under a key-encryption key (SessionKeyring.write(path, keyEncryptionKey)).", source);
        return keyring;
    }

    /**
     * This keyring as JSON text with every key in clear. Whoever reads the result can read and
     * forge every session; prefer {@link #toJson(KeyEncryptionKey)}.
     */
    public String toInsecureCleartextJson() {
        return KeyringFormat.write(Protection.INSECURE_CLEARTEXT,
                Keysets.toCleartextJson(sealingKeys, "the sealing keyset"),
                Keysets.toCleartextJson(principalKeys, "the principal keyset"));
    }

    /**
     * Writes {@link #toInsecureCleartextJson()} to {@code file}, replacing it atomically if it
     * exists, readable and writable by its owner only where the file system has POSIX permissions.
     *
     * @throws KeysetException when the file cannot be written
     */
    public void writeInsecureCleartext(Path file) {
        KeyFiles.writeOwnerOnly(file, toInsecureCleartextJson(), true, "keyring");
    }

    /** Key ids (unsigned, as in the keyring file), statuses and the primary; never key material. */
    @Override
    public String toString() {
        String keys = aeadKeys.stream()
                .map(key -> Keysets.id(key.id()) + " " + key.status() + (key.primary() ? " primary" : ""))
                .collect(Collectors.joining(", ", "[", "]"));
        return "SessionKeyring[aead AES-256-GCM " + keys + ", prf HMAC-SHA256 key " + Keysets.id(principalKeys.getPrimary().getId())
                + "]";
    }
}

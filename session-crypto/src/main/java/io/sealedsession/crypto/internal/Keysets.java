package io.sealedsession.crypto.internal;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Parameters;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.crypto.tink.prf.PrfSet;
import io.sealedsession.crypto.KeyInfo;
import io.sealedsession.crypto.KeysetException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;

/**
 * Every Tink keyset operation the keyring needs, with Tink's checked exceptions turned into
 * {@link KeysetException}. Keyset handles are immutable, so each change returns a new one.
 */
public final class Keysets {

    /** The one sealing key type: AES-256-GCM, 12-byte nonce, 16-byte tag, Tink's 5-byte key-id prefix. */
    private static final Parameters SEALING = PredefinedAeadParameters.AES256_GCM;
    /** The one principal-key type: HMAC-SHA256 with a 32-byte key, used as a PRF. */
    private static final Parameters PRINCIPAL = PredefinedPrfParameters.HMAC_SHA256_PRF;

    private Keysets() {}

    /**
     * A key id as Tink writes it in keyset files: unsigned. Tink's ids are unsigned 32-bit
     * numbers held in an {@code int}, so half of them are negative as Java prints ints.
     */
    public static String id(int keyId) {
        return Integer.toUnsignedString(keyId);
    }

    public static KeysetHandle generateSealing() {
        return generate(SEALING, "an AES-256-GCM sealing keyset");
    }

    public static KeysetHandle generatePrincipal() {
        return generate(PRINCIPAL, "an HMAC-SHA256 principal keyset");
    }

    /** A fresh AES-256-GCM keyset, for a local key-encryption key. */
    public static KeysetHandle generateKeyEncryption() {
        return generate(SEALING, "an AES-256-GCM key-encryption keyset");
    }

    private static KeysetHandle generate(Parameters parameters, String what) {
        try {
            return KeysetHandle.generateNew(parameters, TinkRuntime.configuration());
        } catch (GeneralSecurityException e) {
            throw new KeysetException("could not generate " + what, e);
        }
    }

    /** Adds a fresh enabled sealing key that is not primary, so it can be distributed before use. */
    public static KeysetHandle withNewSealingKey(KeysetHandle keyset) {
        KeysetHandle.Builder builder = KeysetHandle.newBuilder(keyset);
        builder.addEntry(KeysetHandle.generateEntryFromParameters(SEALING).withRandomId().setStatus(KeyStatus.ENABLED));
        return build(builder, "add a sealing key");
    }

    public static KeysetHandle promote(KeysetHandle keyset, int keyId) {
        int index = indexOf(keyset, keyId);
        KeyStatus status = keyset.getAt(index).getStatus();
        if (!KeyStatus.ENABLED.equals(status)) {
            throw new KeysetException("key " + id(keyId) + " is retired (" + status + "); only an enabled key can become primary");
        }
        KeysetHandle.Builder builder = KeysetHandle.newBuilder(keyset);
        builder.getAt(index).makePrimary();
        return build(builder, "promote key " + id(keyId));
    }

    public static KeysetHandle retire(KeysetHandle keyset, int keyId) {
        int index = indexOf(keyset, keyId);
        refuseIfPrimary(keyset, index, "retire");
        KeysetHandle.Builder builder = KeysetHandle.newBuilder(keyset);
        builder.getAt(index).setStatus(KeyStatus.DISABLED);
        return build(builder, "retire key " + id(keyId));
    }

    public static KeysetHandle delete(KeysetHandle keyset, int keyId) {
        int index = indexOf(keyset, keyId);
        refuseIfPrimary(keyset, index, "delete");
        KeysetHandle.Builder builder = KeysetHandle.newBuilder(keyset);
        builder.deleteAt(index);
        return build(builder, "delete key " + id(keyId));
    }

    private static void refuseIfPrimary(KeysetHandle keyset, int index, String verb) {
        if (keyset.getAt(index).isPrimary()) {
            throw new KeysetException("key " + id(keyset.getAt(index).getId()) + " is the primary key and cannot be " + verb
                    + "d: every new record is sealed with it. Add a key (withNewKey), promote it, then " + verb + " this one");
        }
    }

    private static int indexOf(KeysetHandle keyset, int keyId) {
        for (int i = 0; i < keyset.size(); i++) {
            if (keyset.getAt(i).getId() == keyId) {
                return i;
            }
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < keyset.size(); i++) {
            ids.add(id(keyset.getAt(i).getId()));
        }
        throw new KeysetException("the keyring has no sealing key " + id(keyId) + "; its sealing keys are " + ids);
    }

    private static KeysetHandle build(KeysetHandle.Builder builder, String what) {
        try {
            return builder.build();
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new KeysetException("could not " + what, e);
        }
    }

    public static List<KeyInfo> describe(KeysetHandle keyset) {
        List<KeyInfo> keys = new ArrayList<>(keyset.size());
        for (int i = 0; i < keyset.size(); i++) {
            KeysetHandle.Entry entry = keyset.getAt(i);
            keys.add(new KeyInfo(entry.getId(), status(entry.getStatus()), entry.isPrimary()));
        }
        return List.copyOf(keys);
    }

    private static KeyInfo.Status status(KeyStatus status) {
        if (KeyStatus.ENABLED.equals(status)) {
            return KeyInfo.Status.ENABLED;
        }
        if (KeyStatus.DISABLED.equals(status)) {
            return KeyInfo.Status.DISABLED;
        }
        return KeyInfo.Status.DESTROYED;
    }

    /**
     * Refuses a sealing keyset unless every key in it, retired ones included, is AES-256-GCM with
     * Tink's key-id prefix. The prefix is what lets a keyring with several keys pick the right one
     * for each record; a weaker or different cipher, even retired, could be re-enabled by editing
     * the file and is refused for that reason.
     */
    public static void requireSealing(KeysetHandle keyset) {
        if (keyset.size() == 0) {
            throw new KeysetException("the sealing keyset is empty; it needs at least one AES-256-GCM key");
        }
        for (int i = 0; i < keyset.size(); i++) {
            KeysetHandle.Entry entry = keyset.getAt(i);
            Parameters parameters = parameters(entry, "sealing");
            if (!SEALING.equals(parameters)) {
                throw new KeysetException("sealing key " + id(entry.getId()) + " is not AES-256-GCM with Tink's key-id prefix ("
                        + parameters + "); Sealed Sessions seals with AES-256-GCM only");
            }
        }
        requirePrimary(keyset, "sealing");
    }

    /**
     * Refuses a principal keyset unless it holds exactly one HMAC-SHA256 key. One, because a
     * principal's index is filed under the PRF of its name: a second key could only be used by
     * rotating, and rotating would file every principal under a new name and orphan every index.
     */
    public static void requirePrincipal(KeysetHandle keyset) {
        if (keyset.size() != 1) {
            throw new KeysetException("the principal keyset holds " + keyset.size() + " keys but must hold exactly one:"
                    + " principal indexes are filed under its output, so it is never rotated");
        }
        KeysetHandle.Entry entry = keyset.getAt(0);
        Parameters parameters = parameters(entry, "principal");
        if (!PRINCIPAL.equals(parameters)) {
            throw new KeysetException("principal key " + id(entry.getId()) + " is not an HMAC-SHA256 PRF with a 32-byte key ("
                    + parameters + ")");
        }
        requirePrimary(keyset, "principal");
    }

    private static Parameters parameters(KeysetHandle.Entry entry, String what) {
        try {
            return entry.getKey().getParameters();
        } catch (RuntimeException e) {
            throw new KeysetException(what + " key " + id(entry.getId()) + " has no usable key material (status "
                    + entry.getStatus() + ")", e);
        }
    }

    private static void requirePrimary(KeysetHandle keyset, String what) {
        try {
            keyset.getPrimary();
        } catch (RuntimeException e) {
            throw new KeysetException("the " + what + " keyset has no primary key", e);
        }
    }

    public static Aead aead(KeysetHandle keyset, String what) {
        try {
            return keyset.getPrimitive(TinkRuntime.configuration(), Aead.class);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new KeysetException(what + " cannot be used as an AEAD", e);
        }
    }

    public static PrfSet prfSet(KeysetHandle keyset) {
        try {
            return keyset.getPrimitive(TinkRuntime.configuration(), PrfSet.class);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new KeysetException("the principal keyset cannot be used as a PRF", e);
        }
    }

    public static String toCleartextJson(KeysetHandle keyset, String what) {
        try {
            return TinkJsonProtoKeysetFormat.serializeKeyset(keyset, TinkRuntime.configuration(), InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException e) {
            throw new KeysetException("could not serialize " + what, e);
        }
    }

    public static KeysetHandle fromCleartextJson(String json, String what) {
        try {
            return TinkJsonProtoKeysetFormat.parseKeyset(json, TinkRuntime.configuration(), InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new KeysetException(what + " is not a valid Tink JSON keyset", e);
        }
    }

    public static String toEncryptedJson(KeysetHandle keyset, Aead keyEncryptionKey, byte[] associatedData, String what) {
        try {
            return TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(keyset, keyEncryptionKey, associatedData, TinkRuntime.configuration());
        } catch (KeysetException e) {
            throw e;
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new KeysetException("could not encrypt " + what + " with the key-encryption key", e);
        }
    }

    public static KeysetHandle fromEncryptedJson(String json, Aead keyEncryptionKey, byte[] associatedData, String what) {
        try {
            return TinkJsonProtoKeysetFormat.parseEncryptedKeyset(json, keyEncryptionKey, associatedData, TinkRuntime.configuration());
        } catch (KeysetException e) {
            throw e; // the key-encryption key itself failed (a KMS out of reach): not a wrong key
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new KeysetException(what + " does not decrypt with this key-encryption key: it was"
                    + " encrypted with another one, or the keyring was altered or damaged", e);
        }
    }
}

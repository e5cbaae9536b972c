package io.sealedsession.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Parameters;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionKeyringStorageTest {

    private static final byte[] RECORD = "session record".getBytes(StandardCharsets.UTF_8);
    private static final byte[] AD = "ad".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    /**
     * A key-encryption key built on the JDK's AES-GCM alone, the way a KMS client wrapper would
     * be: proof that the interface needs no Tink type.
     */
    static KeyEncryptionKey inMemoryKek() {
        byte[] key = new byte[32];
        SecureRandom random = new SecureRandom();
        random.nextBytes(key);
        SecretKeySpec spec = new SecretKeySpec(key, "AES");
        return new KeyEncryptionKey() {
            @Override
            public byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
                byte[] nonce = new byte[12];
                random.nextBytes(nonce);
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.ENCRYPT_MODE, spec, new GCMParameterSpec(128, nonce));
                cipher.updateAAD(associatedData);
                byte[] sealed = cipher.doFinal(plaintext);
                return ByteBuffer.allocate(12 + sealed.length).put(nonce).put(sealed).array();
            }

            @Override
            public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
                if (ciphertext.length < 12 + 16) {
                    throw new GeneralSecurityException("ciphertext too short");
                }
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.DECRYPT_MODE, spec, new GCMParameterSpec(128, ciphertext, 0, 12));
                cipher.updateAAD(associatedData);
                return cipher.doFinal(ciphertext, 12, ciphertext.length - 12);
            }
        };
    }

    /** The project builds on POSIX file systems; a test that cannot check permissions fails rather than skips. */
    private static void requirePosix() {
        assertThat(FileSystems.getDefault().supportedFileAttributeViews())
                .as("file permission tests need a POSIX file system")
                .contains("posix");
    }

    private static void assertSameKeys(SessionKeyring actual, SessionKeyring expected) {
        assertThat(actual.aeadKeys()).isEqualTo(expected.aeadKeys());
        assertThat(actual.sealer().open(expected.sealer().seal(RECORD, AD), AD)).isPresent();
        assertThat(expected.sealer().open(actual.sealer().seal(RECORD, AD), AD)).isPresent();
        assertThat(actual.sealer().principalKey("alice")).isEqualTo(expected.sealer().principalKey("alice"));
    }

    // ---- encrypted -------------------------------------------------------------------------------

    @Test
    @DisplayName("D1: a keyring written under a key-encryption key loads back with the same keys")
    void loadWhenWrittenWithKekThenSameKeys() {
        SessionKeyring keyring = SessionKeyring.generate().withNewKey();
        KeyEncryptionKey kek = inMemoryKek();
        Path file = dir.resolve("keyring.json");

        keyring.write(file, kek);
        SessionKeyring loaded = SessionKeyring.load(file, kek);

        assertSameKeys(loaded, keyring);
        assertSameKeys(SessionKeyring.fromJson(keyring.toJson(kek), kek), keyring);
    }

    @Test
    @DisplayName("D1: an encrypted keyring holds no key material in clear")
    void toJsonWhenEncryptedThenNoKeyMaterialInText() throws Exception {
        SessionKeyring keyring = SessionKeyring.generate();

        String encrypted = keyring.toJson(inMemoryKek());

        assertThat(encrypted).contains("\"protection\": \"key-encryption-key\"", "encryptedKeyset");
        assertThat(encrypted).doesNotContain(TestKeys.serializedKeyValues(keyring.toInsecureCleartextJson()));
        assertThat(encrypted).doesNotContain(renderings(TestKeys.secretBytes(keyring)));
    }

    @Test
    @DisplayName("D1: a keyring does not decrypt with another key-encryption key")
    void loadWhenWrongKekThenKeysetException() {
        Path file = dir.resolve("keyring.json");
        SessionKeyring.generate().write(file, inMemoryKek());

        assertThatThrownBy(() -> SessionKeyring.load(file, inMemoryKek()))
                .isInstanceOf(KeysetException.class)
                .hasMessageContaining("keyring file " + file)
                .hasMessageContaining("does not decrypt with this key-encryption key");
    }

    @Test
    @DisplayName("D1: the two encrypted keysets are bound to their places and cannot be swapped")
    void fromJsonWhenPartsSwappedThenKeysetException() {
        KeyEncryptionKey kek = inMemoryKek();
        JsonObject root = JsonParser.parseString(SessionKeyring.generate().toJson(kek)).getAsJsonObject();
        JsonObject aead = root.getAsJsonObject("aead");
        root.add("aead", root.getAsJsonObject("prf"));
        root.add("prf", aead);

        assertThatThrownBy(() -> SessionKeyring.fromJson(root.toString(), kek))
                .isInstanceOf(KeysetException.class)
                .hasMessageContaining("does not decrypt");
    }

    @Test
    void fromJsonWhenKekFailsAtRuntimeThenKeysetExceptionNamingTheFailure() {
        KeyEncryptionKey kek = inMemoryKek();
        String json = SessionKeyring.generate().toJson(kek);
        KeyEncryptionKey unreachable = new KeyEncryptionKey() {
            @Override
            public byte[] encrypt(byte[] plaintext, byte[] associatedData) {
                throw new IllegalStateException("KMS unreachable");
            }

            @Override
            public byte[] decrypt(byte[] ciphertext, byte[] associatedData) {
                throw new IllegalStateException("KMS unreachable");
            }
        };

        assertThatThrownBy(() -> SessionKeyring.fromJson(json, unreachable))
                .isInstanceOf(KeysetException.class)
                .hasMessageContaining("the key-encryption key failed to decrypt (IllegalStateException)")
                .hasRootCauseMessage("KMS unreachable");
        assertThatThrownBy(() -> SessionKeyring.generate().toJson(unreachable))
                .isInstanceOf(KeysetException.class)
                .hasMessageContaining("failed to encrypt");
    }

    @Test
    void fromEnvironmentWhenVariableHoldsEncryptedKeyringThenLoads() {
        SessionKeyring keyring = SessionKeyring.generate();
        KeyEncryptionKey kek = inMemoryKek();
        Map<String, String> environment = Map.of("SEALED_SESSIONS_KEYRING", keyring.toJson(kek));

        assertSameKeys(SessionKeyring.fromEnvironment("SEALED_SESSIONS_KEYRING", kek, environment::get), keyring);
    }

    @Test
    void fromEnvironmentWhenVariableUnsetThenKeysetExceptionNamingIt() {
        assertThatThrownBy(() -> SessionKeyring.fromEnvironment("NO_SUCH_KEYRING", inMemoryKek(), name -> null))
                .isInstanceOf(KeysetException.class)
                .hasMessageContaining("environment variable NO_SUCH_KEYRING is not set");
        assertThatThrownBy(() -> SessionKeyring.fromInsecureCleartextEnvironment("BLANK", name -> " "))
                .isInstanceOf(KeysetException.class)
                .hasMessageContaining("BLANK");
    }

    @Test
    void loadWhenFileMissingThenKeysetExceptionNamingIt() {
        Path missing = dir.resolve("missing.json");

        assertThatThrownBy(() -> SessionKeyring.load(missing, inMemoryKek()))
                .isInstanceOf(KeysetException.class)
                .hasMessage("there is no keyring file at " + missing);
    }

    @Test
    void writeWhenFileExistsThenReplacedOwnerOnly() throws Exception {
        requirePosix();
        Path file = dir.resolve("keyring.json");
        Files.writeString(file, "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        KeyEncryptionKey kek = inMemoryKek();
        SessionKeyring keyring = SessionKeyring.generate();

        keyring.write(file, kek);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertSameKeys(SessionKeyring.load(file, kek), keyring);
        try (var entries = Files.list(dir)) {
            assertThat(entries).as("no temporary file left behind").containsExactly(file);
        }
    }

    // ---- local key-encryption key ----------------------------------------------------------------

    @Test
    void generateKeysetFileWhenNewThenOwnerOnlyAndUsableAfterReload() throws Exception {
        Path kekFile = dir.resolve("kek.json");
        KeyEncryptionKey generated = KeyEncryptionKey.generateKeysetFile(kekFile);
        SessionKeyring keyring = SessionKeyring.generate();
        String json = keyring.toJson(generated);

        KeyEncryptionKey reloaded = KeyEncryptionKey.fromKeysetFile(kekFile);

        assertSameKeys(SessionKeyring.fromJson(json, reloaded), keyring);
        assertSameKeys(SessionKeyring.fromJson(json, KeyEncryptionKey.fromKeysetJson(Files.readString(kekFile))), keyring);
        assertThat(generated.toString()).startsWith("KeyEncryptionKey[local Tink keyset, primary key ");
        requirePosix();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kekFile))).isEqualTo("rw-------");
    }

    @Test
    void generateKeysetFileWhenFileExistsThenRefusedAndFileUntouched() throws Exception {
        Path kekFile = dir.resolve("kek.json");
        KeyEncryptionKey.generateKeysetFile(kekFile);
        String before = Files.readString(kekFile);

        assertThatThrownBy(() -> KeyEncryptionKey.generateKeysetFile(kekFile))
                .isInstanceOf(KeysetException.class)
                .hasMessageContaining("refusing to overwrite");
        assertThat(Files.readString(kekFile)).isEqualTo(before);
    }

    @Test
    void fromKeysetJsonWhenNotAnAeadKeysetThenKeysetException() throws Exception {
        String prfKeyset = TinkJsonProtoKeysetFormat.serializeKeyset(
                keyset(PredefinedPrfParameters.HMAC_SHA256_PRF), TestKeys.tink(), InsecureSecretKeyAccess.get());

        assertThatThrownBy(() -> KeyEncryptionKey.fromKeysetJson(prfKeyset))
                .isInstanceOf(KeysetException.class)
                .hasMessageContaining("cannot be used as an AEAD");
        assertThatThrownBy(() -> KeyEncryptionKey.fromKeysetJson("{}"))
                .isInstanceOf(KeysetException.class)
                .hasMessageContaining("not a valid Tink JSON keyset");
    }

    @Test
    @DisplayName("D4: a world-readable key-encryption keyset file is loaded with a warning naming it")
    void fromKeysetFileWhenWorldReadableThenWarnsNamingFile() throws Exception {
        requirePosix();
        Path kekFile = dir.resolve("kek.json");
        KeyEncryptionKey.generateKeysetFile(kekFile);
        Files.setPosixFilePermissions(kekFile, PosixFilePermissions.fromString("rw-r--r--"));

        try (TestKeys.LogCapture logs = new TestKeys.LogCapture()) {
            KeyEncryptionKey.fromKeysetFile(kekFile);

            assertThat(logs.warnings()).anySatisfy(warning -> assertThat(warning)
                    .contains(kekFile.toString(), "readable by every user"));
        }
    }

    // ---- cleartext -------------------------------------------------------------------------------

    @Test
    @DisplayName("D4: a cleartext keyring loads only through the InsecureCleartext methods, and with a warning")
    void fromInsecureCleartextJsonWhenCalledThenLoadsAndWarns() {
        SessionKeyring keyring = SessionKeyring.generate();
        String cleartext = keyring.toInsecureCleartextJson();

        try (TestKeys.LogCapture logs = new TestKeys.LogCapture()) {
            assertSameKeys(SessionKeyring.fromInsecureCleartextJson(cleartext), keyring);

            assertThat(logs.warnings()).singleElement().satisfies(warning -> assertThat(warning)
                    .contains("insecure cleartext session keyring", "the keyring given as a string"));
        }
    }

    @Test
    @DisplayName("D4: the encrypted-keyring methods refuse a cleartext keyring")
    void fromJsonWhenKeyringIsCleartextThenKeysetException() {
        String cleartext = SessionKeyring.generate().toInsecureCleartextJson();
        Path file = dir.resolve("clear.json");
        SessionKeyring.generate().writeInsecureCleartext(file);

        assertThatThrownBy(() -> SessionKeyring.fromJson(cleartext, inMemoryKek()))
                .isInstanceOf(KeysetException.class)
                .hasMessageContaining("is an insecure cleartext keyring")
                .hasMessageContaining("loadInsecureCleartext");
        assertThatThrownBy(() -> SessionKeyring.load(file, inMemoryKek()))
                .isInstanceOf(KeysetException.class)
                .hasMessageContaining("keyring file " + file + " is an insecure cleartext keyring");
    }

    @Test
    void fromInsecureCleartextJsonWhenKeyringIsEncryptedThenKeysetException() {
        String encrypted = SessionKeyring.generate().toJson(inMemoryKek());

        assertThatThrownBy(() -> SessionKeyring.fromInsecureCleartextJson(encrypted))
                .isInstanceOf(KeysetException.class)
                .hasMessageContaining("is encrypted under a key-encryption key");
    }

    @Test
    @DisplayName("D4: a cleartext keyring is written readable by its owner only")
    void writeInsecureCleartextWhenCalledThenOwnerOnlyFileThatLoadsBack() throws Exception {
        requirePosix();
        SessionKeyring keyring = SessionKeyring.generate();
        Path file = dir.resolve("clear.json");

        keyring.writeInsecureCleartext(file);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (TestKeys.LogCapture logs = new TestKeys.LogCapture()) {
            assertSameKeys(SessionKeyring.loadInsecureCleartext(file), keyring);

            assertThat(logs.warnings()).as("the cleartext warning only, no world-readable warning")
                    .singleElement().satisfies(warning -> assertThat(warning)
                            .contains("insecure cleartext", file.toString())
                            .doesNotContain("readable by every user"));
        }
    }

    @Test
    @DisplayName("D4: a cleartext keyring loaded from a world-readable file logs a warning naming the file")
    void loadInsecureCleartextWhenWorldReadableThenWarnsNamingFile() throws Exception {
        requirePosix();
        Path file = dir.resolve("clear.json");
        SessionKeyring.generate().writeInsecureCleartext(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        try (TestKeys.LogCapture logs = new TestKeys.LogCapture()) {
            SessionKeyring.loadInsecureCleartext(file);

            assertThat(logs.warnings()).anySatisfy(warning -> assertThat(warning)
                    .contains("Cleartext keyring file " + file, "readable by every user", "rw-r--r--", "chmod 600"));
        }
    }

    @Test
    void fromInsecureCleartextEnvironmentWhenSetThenLoadsAndWarnsNamingVariable() {
        SessionKeyring keyring = SessionKeyring.generate();
        Map<String, String> environment = Map.of("KEYRING", keyring.toInsecureCleartextJson());

        try (TestKeys.LogCapture logs = new TestKeys.LogCapture()) {
            assertSameKeys(SessionKeyring.fromInsecureCleartextEnvironment("KEYRING", environment::get), keyring);

            assertThat(logs.warnings()).anySatisfy(warning -> assertThat(warning).contains("environment variable KEYRING"));
        }
    }

    // ---- what is printed -------------------------------------------------------------------------

    @Test
    @DisplayName("D1: toString shows key ids and statuses, never key material")
    void toStringWhenCalledThenNoKeyMaterial() throws Exception {
        SessionKeyring k1 = SessionKeyring.generate();
        SessionKeyring keyring = k1.withNewKey();
        int primary = keyring.primaryKeyId();
        String text = keyring.toString();

        assertThat(text).matches("SessionKeyring\\[aead AES-256-GCM \\[\\d+ ENABLED( primary)?, \\d+ ENABLED( primary)?\\],"
                + " prf HMAC-SHA256 key \\d+\\]")
                .contains(Integer.toUnsignedString(primary) + " ENABLED primary");
        assertThat(text).doesNotContain(TestKeys.serializedKeyValues(keyring.toInsecureCleartextJson()));
        assertThat(text).doesNotContain(renderings(TestKeys.secretBytes(keyring)));
        assertThat(keyring.sealer().toString()).doesNotContain(renderings(TestKeys.secretBytes(keyring)));
    }

    @Test
    @DisplayName("D1: exception messages about a keyring never contain key material")
    void loadWhenWrongKekThenMessageHasNoKeyMaterial() throws Exception {
        SessionKeyring keyring = SessionKeyring.generate();
        String json = keyring.toJson(inMemoryKek());
        List<String> secrets = renderings(TestKeys.secretBytes(keyring));

        assertThatThrownBy(() -> SessionKeyring.fromJson(json, inMemoryKek()))
                .isInstanceOf(KeysetException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(secrets));
        assertThatThrownBy(() -> SessionKeyring.fromJson(keyring.toInsecureCleartextJson(), inMemoryKek()))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(secrets)
                        .doesNotContain(TestKeys.serializedKeyValues(keyring.toInsecureCleartextJson())));
    }

    private static List<String> renderings(List<byte[]> secrets) {
        List<String> out = new ArrayList<>();
        for (byte[] secret : secrets) {
            out.add(Base64.getEncoder().encodeToString(secret));
            out.add(Base64.getEncoder().withoutPadding().encodeToString(secret));
            out.add(Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
            out.add(HexFormat.of().formatHex(secret));
            out.add(HexFormat.of().withUpperCase().formatHex(secret));
        }
        return out;
    }

    // ---- refused keysets -------------------------------------------------------------------------

    private static String withPart(String part, KeysetHandle keyset) throws GeneralSecurityException {
        JsonObject root = JsonParser.parseString(SessionKeyring.generate().toInsecureCleartextJson()).getAsJsonObject();
        root.add(part, JsonParser.parseString(
                TinkJsonProtoKeysetFormat.serializeKeyset(keyset, TestKeys.tink(), InsecureSecretKeyAccess.get())));
        return root.toString();
    }

    private static KeysetHandle keyset(Parameters parameters) throws GeneralSecurityException {
        return KeysetHandle.generateNew(parameters, TestKeys.tink());
    }

    @Test
    @DisplayName("D1: a sealing keyset that is not AES-256-GCM is refused")
    void fromInsecureCleartextJsonWhenSealingKeyNotAes256GcmThenRefused() throws Exception {
        AesGcmParameters rawAes256 = AesGcmParameters.builder().setKeySizeBytes(32).setIvSizeBytes(12).setTagSizeBytes(16)
                .setVariant(AesGcmParameters.Variant.NO_PREFIX).build();
        for (Parameters parameters : List.of(PredefinedAeadParameters.AES128_GCM, PredefinedAeadParameters.CHACHA20_POLY1305,
                PredefinedAeadParameters.AES256_CTR_HMAC_SHA256, rawAes256)) {
            String json = withPart("aead", keyset(parameters));

            assertThatThrownBy(() -> SessionKeyring.fromInsecureCleartextJson(json))
                    .as("%s", parameters)
                    .isInstanceOf(KeysetException.class)
                    .hasMessageContaining("is not AES-256-GCM with Tink's key-id prefix")
                    .hasMessageContaining("Sealed Sessions seals with AES-256-GCM only");
        }
    }

    @Test
    @DisplayName("D1: a sealing keyset with a retired key of another type is refused too")
    void fromInsecureCleartextJsonWhenRetiredKeyNotAes256GcmThenRefused() throws Exception {
        TestKeys.tink();
        KeysetHandle mixed = KeysetHandle.newBuilder()
                .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM).withRandomId().makePrimary())
                .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES128_GCM).withRandomId()
                        .setStatus(KeyStatus.DISABLED))
                .build();
        String json = withPart("aead", mixed);

        assertThatThrownBy(() -> SessionKeyring.fromInsecureCleartextJson(json))
                .isInstanceOf(KeysetException.class)
                .hasMessageContaining("sealing key " + Integer.toUnsignedString(mixed.getAt(1).getId()) + " is not AES-256-GCM");
    }

    @Test
    void fromInsecureCleartextJsonWhenPrincipalKeyNotHmacSha256ThenRefused() throws Exception {
        String sha512 = withPart("prf", keyset(PredefinedPrfParameters.HMAC_SHA512_PRF));
        String aead = withPart("prf", keyset(PredefinedAeadParameters.AES256_GCM));

        assertThatThrownBy(() -> SessionKeyring.fromInsecureCleartextJson(sha512))
                .isInstanceOf(KeysetException.class)
                .hasMessageContaining("is not an HMAC-SHA256 PRF");
        assertThatThrownBy(() -> SessionKeyring.fromInsecureCleartextJson(aead))
                .isInstanceOf(KeysetException.class)
                .hasMessageContaining("is not an HMAC-SHA256 PRF");
    }

    @Test
    void fromInsecureCleartextJsonWhenTwoPrincipalKeysThenRefusedBecauseItIsNeverRotated() throws Exception {
        TestKeys.tink();
        KeysetHandle two = KeysetHandle.newBuilder()
                .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedPrfParameters.HMAC_SHA256_PRF).withRandomId().makePrimary())
                .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedPrfParameters.HMAC_SHA256_PRF).withRandomId())
                .build();
        String json = withPart("prf", two);

        assertThatThrownBy(() -> SessionKeyring.fromInsecureCleartextJson(json))
                .isInstanceOf(KeysetException.class)
                .hasMessageContaining("must hold exactly one")
                .hasMessageContaining("never rotated");
    }

    @Test
    void fromInsecureCleartextJsonWhenNotAKeyringThenKeysetException() {
        JsonObject valid = JsonParser.parseString(SessionKeyring.generate().toInsecureCleartextJson()).getAsJsonObject();
        JsonObject otherFormat = valid.deepCopy();
        otherFormat.addProperty("format", "sealedsession-keyring/99");
        JsonObject noPrf = valid.deepCopy();
        noPrf.remove("prf");
        JsonObject otherProtection = valid.deepCopy();
        otherProtection.addProperty("protection", "none");

        assertThatThrownBy(() -> SessionKeyring.fromInsecureCleartextJson(""))
                .isInstanceOf(KeysetException.class).hasMessageContaining("the keyring given as a string is empty");
        assertThatThrownBy(() -> SessionKeyring.fromInsecureCleartextJson("{\"format\": 'x'}"))
                .isInstanceOf(KeysetException.class).hasMessageContaining("is not valid JSON");
        assertThatThrownBy(() -> SessionKeyring.fromInsecureCleartextJson(valid + " trailing"))
                .isInstanceOf(KeysetException.class).hasMessageContaining("is not valid JSON");
        assertThatThrownBy(() -> SessionKeyring.fromInsecureCleartextJson("[]"))
                .isInstanceOf(KeysetException.class).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> SessionKeyring.fromInsecureCleartextJson(otherFormat.toString()))
                .isInstanceOf(KeysetException.class)
                .hasMessageContaining("has keyring format 'sealedsession-keyring/99'; this version reads sealedsession-keyring/1");
        assertThatThrownBy(() -> SessionKeyring.fromInsecureCleartextJson(noPrf.toString()))
                .isInstanceOf(KeysetException.class).hasMessageContaining("no 'prf' keyset object");
        assertThatThrownBy(() -> SessionKeyring.fromInsecureCleartextJson(otherProtection.toString()))
                .isInstanceOf(KeysetException.class).hasMessageContaining("unknown protection 'none'");
    }
}

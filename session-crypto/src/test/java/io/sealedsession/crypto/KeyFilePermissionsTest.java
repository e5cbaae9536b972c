package io.sealedsession.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requirement H5 on real files with real POSIX permissions, for each of the three files the
 * library loads keys from: an encrypted keyring, a cleartext keyring and a local key-encryption
 * keyset.
 */
class KeyFilePermissionsTest {

    private static final byte[] RECORD = {1, 2, 3};
    private static final byte[] AD = {7};

    @TempDir
    Path dir;

    private Path kekFile;
    private Path encrypted;
    private Path cleartext;
    private SessionKeyring keyring;

    @BeforeEach
    void files() {
        assertThat(FileSystems.getDefault().supportedFileAttributeViews())
                .as("file permission tests need a POSIX file system").contains("posix");
        kekFile = dir.resolve("kek.json");
        encrypted = dir.resolve("keyring.json");
        cleartext = dir.resolve("clear.json");
        keyring = SessionKeyring.generate();
        keyring.write(encrypted, KeyEncryptionKey.generateKeysetFile(kekFile));
        keyring.writeInsecureCleartext(cleartext);
    }

    /** Which file, and how the library loads it under a policy. */
    private record KeyFile(String name, Function<KeyFileCase, Path> file, Loader loader) {
        @Override
        public String toString() {
            return name;
        }
    }

    private interface Loader {
        SessionKeyring load(KeyFileCase test, KeyFilePolicy policy);
    }

    /** The fixture seen by a parameterized case. */
    private record KeyFileCase(Path kekFile, Path encrypted, Path cleartext) {}

    private KeyFileCase fixture() {
        return new KeyFileCase(kekFile, encrypted, cleartext);
    }

    static Stream<KeyFile> keyFiles() {
        return Stream.of(
                new KeyFile("encrypted keyring", KeyFileCase::encrypted, (t, policy) -> SessionKeyring.load(t.encrypted(),
                        KeyEncryptionKey.fromKeysetFile(t.kekFile()), policy)),
                new KeyFile("cleartext keyring", KeyFileCase::cleartext,
                        (t, policy) -> SessionKeyring.loadInsecureCleartext(t.cleartext(), policy)),
                new KeyFile("key-encryption keyset", KeyFileCase::kekFile, (t, policy) -> SessionKeyring.load(t.encrypted(),
                        KeyEncryptionKey.fromKeysetFile(t.kekFile(), policy))));
    }

    static Stream<Arguments> readableByOthers() {
        return keyFiles().flatMap(file -> Stream.of("rw-r-----", "rw----r--", "rw-r--r--", "r--r-----", "rw---x---")
                .map(permissions -> Arguments.of(file, permissions)));
    }

    static Stream<Arguments> writableByOthers() {
        return keyFiles().flatMap(file -> Stream.of("rw-rw----", "rw-----w-", "rw----rw-", "rw--w----", "rw-rw-rw-")
                .map(permissions -> Arguments.of(file, permissions)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("readableByOthers")
    @DisplayName("H5: a key file with any group or other bit but write (640, 604, 644, 440, 610) loads, with a warning naming it")
    void loadWhenGroupOrOthersHaveABitThenWarnsNamingFile(KeyFile keyFile, String permissions) throws Exception {
        Path file = keyFile.file().apply(fixture());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));

        try (TestKeys.LogCapture logs = new TestKeys.LogCapture()) {
            SessionKeyring loaded = keyFile.loader().load(fixture(), KeyFilePolicy.REFUSE_WRITABLE_BY_OTHERS);

            assertThat(loaded.sealer().open(keyring.sealer().seal(RECORD, AD), AD)).isPresent();
            assertThat(logs.warnings()).anySatisfy(warning -> assertThat(warning)
                    .contains(file + " is ", "(permissions " + permissions + ")", "chmod 600 " + file));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("writableByOthers")
    @DisplayName("H5: a key file its group or others can write (660, 602, 606, 620, 666) is refused, naming it and its permissions")
    void loadWhenWritableByOthersThenRefused(KeyFile keyFile, String permissions) throws Exception {
        Path file = keyFile.file().apply(fixture());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));

        assertThatThrownBy(() -> keyFile.loader().load(fixture(), KeyFilePolicy.REFUSE_WRITABLE_BY_OTHERS))
                .isInstanceOf(KeysetException.class)
                .hasMessageContaining("refusing to load")
                .hasMessageContaining(file.toString())
                .hasMessageContaining("(permissions " + permissions + ")")
                .hasMessageContaining("KeyFilePolicy.INSECURE_ALLOW_WRITABLE_BY_OTHERS");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("writableByOthers")
    @DisplayName("H5: with INSECURE_ALLOW_WRITABLE_BY_OTHERS such a file loads, and a warning names the file and the option")
    void loadWhenWritableByOthersAndInsecureOptionThenLoadsAndWarns(KeyFile keyFile, String permissions) throws Exception {
        Path file = keyFile.file().apply(fixture());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));

        try (TestKeys.LogCapture logs = new TestKeys.LogCapture()) {
            SessionKeyring loaded = keyFile.loader().load(fixture(), KeyFilePolicy.INSECURE_ALLOW_WRITABLE_BY_OTHERS);

            assertThat(loaded.sealer().open(keyring.sealer().seal(RECORD, AD), AD)).isPresent();
            assertThat(logs.warnings()).anySatisfy(warning -> assertThat(warning)
                    .contains(file.toString(), "writable by users other than its owner", permissions,
                            "INSECURE_ALLOW_WRITABLE_BY_OTHERS"));
        }
    }

    @Test
    @DisplayName("H5: the one-argument loaders refuse a group-writable file too; an owner-only file loads without a word")
    void defaultLoadersRefuseAndOwnerOnlyIsQuiet() throws Exception {
        try (TestKeys.LogCapture logs = new TestKeys.LogCapture()) {
            SessionKeyring.load(encrypted, KeyEncryptionKey.fromKeysetFile(kekFile));
            assertThat(logs.warnings()).isEmpty();
        }
        Files.setPosixFilePermissions(encrypted, PosixFilePermissions.fromString("rw-rw----"));
        Files.setPosixFilePermissions(kekFile, PosixFilePermissions.fromString("rw-rw----"));
        Files.setPosixFilePermissions(cleartext, PosixFilePermissions.fromString("rw-rw----"));

        assertThatThrownBy(() -> KeyEncryptionKey.fromKeysetFile(kekFile)).isInstanceOf(KeysetException.class)
                .hasMessageContaining("refusing to load");
        assertThatThrownBy(() -> SessionKeyring.load(encrypted, KeyEncryptionKey.fromKeysetJson(Files.readString(kekFile))))
                .isInstanceOf(KeysetException.class).hasMessageContaining("refusing to load");
        assertThatThrownBy(() -> SessionKeyring.loadInsecureCleartext(cleartext)).isInstanceOf(KeysetException.class)
                .hasMessageContaining("refusing to load");
    }

    @Test
    @DisplayName("H5: every writer leaves 0600, also when it replaces a file that was 0666")
    void writersWhenReplacingAnOpenFileThenOwnerOnly() throws Exception {
        Files.setPosixFilePermissions(encrypted, PosixFilePermissions.fromString("rw-rw-rw-"));
        Files.setPosixFilePermissions(cleartext, PosixFilePermissions.fromString("rw-rw-rw-"));

        keyring.withNewKey().write(encrypted, KeyEncryptionKey.fromKeysetJson(Files.readString(kekFile)));
        keyring.withNewKey().writeInsecureCleartext(cleartext);
        KeyEncryptionKey.generateKeysetFile(dir.resolve("kek-2.json"));

        for (Path file : new Path[] {encrypted, cleartext, kekFile, dir.resolve("kek-2.json")}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as("%s", file).isEqualTo("rw-------");
        }
        assertThat(KeyFilePolicy.exposure(encrypted)).isEmpty();
    }
}

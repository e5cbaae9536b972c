package io.sealedsession.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedsession.cli.CliRun;
import io.sealedsession.crypto.KeysetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Requirement H5 for {@code serve --keyset}: the library's rules apply to the reference app too. */
class ServeKeyringPermissionsTest {

    @Test
    @DisplayName("H5: serve refuses to start with a keyring or key-encryption keyset file that its group can write")
    void groupWritableKeyFilesRefused(@TempDir Path dir) throws Exception {
        Path kek = dir.resolve("kek.json");
        Path keyring = dir.resolve("keyring.json");
        assertThat(CliRun.of("keyset", "generate-kek", kek.toString()).exitCode()).isZero();
        assertThat(CliRun.of("keyset", "generate", "--kek", kek.toString(), keyring.toString()).exitCode()).isZero();

        Files.setPosixFilePermissions(keyring, PosixFilePermissions.fromString("rw-rw----"));
        assertThatThrownBy(() -> RunningApp.withUsers("--keyset", keyring.toString(), "--kek", kek.toString()))
                .isInstanceOf(KeysetException.class)
                .hasMessageContaining("refusing to load keyring file " + keyring)
                .hasMessageContaining("rw-rw----");

        Files.setPosixFilePermissions(keyring, PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(kek, PosixFilePermissions.fromString("rw--w----"));
        assertThatThrownBy(() -> RunningApp.withUsers("--keyset", keyring.toString(), "--kek", kek.toString()))
                .isInstanceOf(KeysetException.class)
                .hasMessageContaining("refusing to load cleartext key-encryption keyset file " + kek);

        Files.setPosixFilePermissions(kek, PosixFilePermissions.fromString("rw-------"));
        try (RunningApp app = RunningApp.withUsers("--keyset", keyring.toString(), "--kek", kek.toString())) {
            assertThat(app.out()).contains("keyring: " + keyring + " (encrypted)");
        }
    }
}

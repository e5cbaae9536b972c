package io.sealedsession.cli.keyset;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.sealedsession.cli.CliEnvironment;
import io.sealedsession.cli.CliRun;
import io.sealedsession.cli.ExitCodes;
import io.sealedsession.crypto.KeyEncryptionKey;
import io.sealedsession.crypto.KeyInfo;
import io.sealedsession.crypto.SessionKeyring;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code session-cli keyset ...}: files on disk, what is printed, and the exit codes. */
class KeysetCommandTest {

    /** A line of the key table: id, status, and "primary" or nothing. */
    private static final Pattern KEY_LINE = Pattern.compile("(?m)^  (\\d+)\\s+(ENABLED|DISABLED|DESTROYED)\\s*(primary)?\\s*$");

    @TempDir
    Path dir;

    private Path kek;
    private Path keyring;

    private record Key(String id, String status, boolean primary) {}

    @BeforeEach
    void keyEncryptionKey() {
        kek = dir.resolve("kek.json");
        keyring = dir.resolve("sessions.keyring.json");
        CliRun run = CliRun.of("keyset", "generate-kek", kek.toString());
        assertThat(run.exitCode()).as("%s", run).isZero();
        assertThat(run.out()).contains("Wrote key-encryption keyset " + kek);
    }

    @Test
    @DisplayName("generate, rotate, promote, retire and show round trip, and the file follows each step")
    void roundTrip() {
        CliRun generate = CliRun.of("keyset", "generate", "--kek", kek.toString(), keyring.toString());
        assertThat(generate.exitCode()).as("%s", generate).isZero();
        List<Key> generated = keys(generate.out());
        assertThat(generated).hasSize(1);
        assertThat(generated.get(0).status()).isEqualTo("ENABLED");
        assertThat(generated.get(0).primary()).isTrue();
        String first = generated.get(0).id();

        CliRun rotate = CliRun.of("keyset", "rotate", "--kek", kek.toString(), keyring.toString());
        assertThat(rotate.exitCode()).as("%s", rotate).isZero();
        List<Key> rotated = keys(show());
        assertThat(rotated).hasSize(2);
        Key added = rotated.stream().filter(key -> !key.id().equals(first)).findFirst().orElseThrow();
        assertThat(added.primary()).isFalse();
        assertThat(added.status()).isEqualTo("ENABLED");
        assertThat(rotate.out()).contains("Added sealing key " + added.id())
                .contains("keyset promote " + keyring + " " + added.id());

        CliRun promote = CliRun.of("keyset", "promote", "--kek", kek.toString(), keyring.toString(), added.id());
        assertThat(promote.exitCode()).as("%s", promote).isZero();
        assertThat(promote.out()).contains("keyset retire " + keyring + " " + first);
        assertThat(keys(show())).containsExactlyInAnyOrder(new Key(first, "ENABLED", false), new Key(added.id(), "ENABLED", true));

        CliRun retire = CliRun.of("keyset", "retire", "--kek", kek.toString(), keyring.toString(), first);
        assertThat(retire.exitCode()).as("%s", retire).isZero();
        assertThat(keys(show())).containsExactlyInAnyOrder(new Key(first, "DISABLED", false), new Key(added.id(), "ENABLED", true));

        // What the library reads from the file agrees with what show printed, ids unsigned.
        SessionKeyring loaded = SessionKeyring.load(keyring, KeyEncryptionKey.fromKeysetFile(kek));
        assertThat(loaded.aeadKeys()).extracting(key -> Integer.toUnsignedString(key.id()))
                .containsExactlyInAnyOrder(first, added.id());
        assertThat(Integer.toUnsignedString(loaded.primaryKeyId())).isEqualTo(added.id());
        assertThat(loaded.aeadKeys()).filteredOn(key -> key.status() == KeyInfo.Status.DISABLED).hasSize(1);
    }

    @Test
    @DisplayName("show prints ids, statuses and the primary only: no key material, even of a cleartext keyring")
    void showPrintsNoKeyMaterial() throws IOException {
        Path clear = dir.resolve("clear.keyring.json");
        assertThat(CliRun.of("keyset", "generate", "--insecure-cleartext", clear.toString()).exitCode()).isZero();
        assertThat(CliRun.of("keyset", "rotate", "--insecure-cleartext", clear.toString()).exitCode()).isZero();

        CliRun show = CliRun.of("keyset", "show", "--insecure-cleartext", clear.toString());

        assertThat(show.exitCode()).as("%s", show).isZero();
        List<String> material = keyMaterial(JsonParser.parseString(Files.readString(clear)));
        assertThat(material).as("the cleartext file holds key material to look for").hasSizeGreaterThanOrEqualTo(3);
        for (String value : material) {
            assertThat(show.out()).doesNotContain(value).doesNotContain(value.substring(0, 12));
            assertThat(show.err()).doesNotContain(value.substring(0, 12));
        }
        for (String line : show.out().split("\n")) {
            assertThat(line).matches("Keyring .*|Sealing keys \\(AES-256-GCM\\):|  KEY ID\\s+STATUS\\s+PRIMARY"
                    + "|  \\d+\\s+(ENABLED|DISABLED)\\s*(primary)?\\s*|Principal key \\(HMAC-SHA256\\): present; .*");
        }
        assertThat(show.err()).contains("WARNING").contains("INSECURE CLEARTEXT");
    }

    @Test
    @DisplayName("the key-encryption key may come from SEALEDSESSION_KEK_FILE instead of --kek")
    void kekFromEnvironment() {
        Map<String, String> environment = Map.of(CliEnvironment.KEK_FILE_VARIABLE, kek.toString());
        assertThat(CliRun.in(environment, "keyset", "generate", keyring.toString()).exitCode()).isZero();

        CliRun show = CliRun.in(environment, "keyset", "show", keyring.toString());

        assertThat(show.exitCode()).as("%s", show).isZero();
        assertThat(show.out()).contains("encrypted under the key-encryption keyset " + kek);
        assertThat(keys(show.out())).hasSize(1);
    }

    @Test
    @DisplayName("files are written readable by their owner only")
    void ownerOnly() throws IOException {
        assertThat(CliRun.of("keyset", "generate", "--kek", kek.toString(), keyring.toString()).exitCode()).isZero();

        Set<PosixFilePermission> expected = Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(Files.getPosixFilePermissions(keyring)).isEqualTo(expected);
        assertThat(Files.getPosixFilePermissions(kek)).isEqualTo(expected);
    }

    @Test
    @DisplayName("without --kek, SEALEDSESSION_KEK_FILE or --insecure-cleartext the command refuses: exit 2")
    void cleartextRefusedWithoutTheFlag() {
        CliRun generate = CliRun.of("keyset", "generate", keyring.toString());

        assertThat(generate.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(generate.err()).contains("--kek FILE").contains("SEALEDSESSION_KEK_FILE").contains("--insecure-cleartext");
        assertThat(keyring).doesNotExist();
    }

    @Test
    @DisplayName("a cleartext file is refused without --insecure-cleartext, and an encrypted one with it: exit 1")
    void protectionsDoNotMix() {
        Path clear = dir.resolve("clear.keyring.json");
        assertThat(CliRun.of("keyset", "generate", "--insecure-cleartext", clear.toString()).exitCode()).isZero();
        assertThat(CliRun.of("keyset", "generate", "--kek", kek.toString(), keyring.toString()).exitCode()).isZero();

        CliRun clearAsEncrypted = CliRun.of("keyset", "show", "--kek", kek.toString(), clear.toString());
        CliRun encryptedAsClear = CliRun.of("keyset", "show", "--insecure-cleartext", keyring.toString());
        CliRun both = CliRun.of("keyset", "show", "--kek", kek.toString(), "--insecure-cleartext", keyring.toString());

        assertThat(clearAsEncrypted.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(clearAsEncrypted.err()).contains("insecure cleartext keyring");
        assertThat(encryptedAsClear.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(encryptedAsClear.err()).contains("encrypted under a key-encryption key");
        assertThat(both.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(both.err()).contains("contradict");
    }

    @Test
    @DisplayName("failures that are not usage errors exit 1 with a one-line message")
    void failures() throws IOException {
        assertThat(CliRun.of("keyset", "generate", "--kek", kek.toString(), keyring.toString()).exitCode()).isZero();
        Path otherKek = dir.resolve("other-kek.json");
        assertThat(CliRun.of("keyset", "generate-kek", otherKek.toString()).exitCode()).isZero();
        String primary = keys(show()).get(0).id();
        byte[] before = Files.readAllBytes(keyring);

        CliRun kekAgain = CliRun.of("keyset", "generate-kek", kek.toString());
        CliRun generateAgain = CliRun.of("keyset", "generate", "--kek", kek.toString(), keyring.toString());
        CliRun wrongKek = CliRun.of("keyset", "show", "--kek", otherKek.toString(), keyring.toString());
        CliRun missing = CliRun.of("keyset", "show", "--kek", kek.toString(), dir.resolve("missing.json").toString());
        CliRun retirePrimary = CliRun.of("keyset", "retire", "--kek", kek.toString(), keyring.toString(), primary);
        CliRun promoteUnknown = CliRun.of("keyset", "promote", "--kek", kek.toString(), keyring.toString(), "4294967295");

        for (CliRun run : List.of(kekAgain, generateAgain, wrongKek, missing, retirePrimary, promoteUnknown)) {
            assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCodes.FAILED);
            assertThat(run.err()).as("%s", run).startsWith("session-cli keyset ").contains(": error: ").doesNotContain("\tat ");
            assertThat(run.err().strip().lines()).as("%s", run).hasSize(1);
        }
        assertThat(generateAgain.err()).contains("already exists");
        assertThat(Files.readAllBytes(keyring)).as("a refused step leaves the file alone").isEqualTo(before);
        assertThat(keys(show())).containsExactly(new Key(primary, "ENABLED", true));
    }

    @Test
    @DisplayName("a key id that is not an unsigned 32-bit number is a usage error")
    void malformedKeyId() {
        assertThat(CliRun.of("keyset", "generate", "--kek", kek.toString(), keyring.toString()).exitCode()).isZero();

        for (String id : List.of("abc", "-1", "4294967296", "")) {
            CliRun run = CliRun.of("keyset", "promote", "--kek", kek.toString(), keyring.toString(), id);
            assertThat(run.exitCode()).as("id '%s': %s", id, run).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err()).contains("unsigned 32-bit number");
        }
    }

    @Test
    @DisplayName("key ids are read unsigned: ids above 2^31 - 1 are accepted")
    void keyIdsAreUnsigned() {
        KeyIdConverter converter = new KeyIdConverter();

        assertThat(converter.convert("4294967295")).isEqualTo(-1);
        assertThat(converter.convert("2147483648")).isEqualTo(Integer.MIN_VALUE);
        assertThat(converter.convert("17")).isEqualTo(17);
    }

    @ParameterizedTest(name = "keyring {0}")
    @ValueSource(strings = {"rw-r-----", "rw----r--", "rw-r--r--", "r--r-----", "rwx------"})
    @DisplayName("H5: a keyring file its group or others may read (640, 604, 644, 440) loads with a WARNING on stderr naming it")
    void keyringReadableByOthersWarns(String permissions) throws IOException {
        assertThat(CliRun.of("keyset", "generate", "--kek", kek.toString(), keyring.toString()).exitCode()).isZero();
        Files.setPosixFilePermissions(keyring, PosixFilePermissions.fromString(permissions));

        CliRun show = CliRun.of("keyset", "show", "--kek", kek.toString(), keyring.toString());

        assertThat(show.exitCode()).as("%s", show).isZero();
        if (permissions.equals("rwx------")) {
            assertThat(show.err()).as("only the owner's bits: nothing to say").doesNotContain("WARNING");
        } else {
            assertThat(show.err()).contains("WARNING: keyring file " + keyring + " has permissions " + permissions)
                    .contains("chmod 600 " + keyring);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"keyring, rw-rw----", "keyring, rw-----w-", "keyring, rw-rw-rw-", "kek, rw-rw----", "kek, rw----rw-",
            "kek, rw--w----"})
    @DisplayName("H5: a keyring or key-encryption keyset file that group or others may write (660, 602, 666, 606, 620) is refused, exit 1;"
            + " --insecure-allow-writable-key-files loads it with a warning")
    void writableByOthersRefused(String which, String permissions) throws IOException {
        assertThat(CliRun.of("keyset", "generate", "--kek", kek.toString(), keyring.toString()).exitCode()).isZero();
        Path file = which.equals("kek") ? kek : keyring;
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        byte[] before = Files.readAllBytes(keyring);

        CliRun refused = CliRun.of("keyset", "rotate", "--kek", kek.toString(), keyring.toString());
        CliRun allowed = CliRun.of("keyset", "show", "--kek", kek.toString(), "--insecure-allow-writable-key-files",
                keyring.toString());

        assertThat(refused.exitCode()).as("%s", refused).isEqualTo(ExitCodes.FAILED);
        assertThat(refused.err()).contains("They can WRITE it, so it is refused")
                .contains("refusing to load").contains(file.toString()).contains(permissions);
        assertThat(Files.readAllBytes(keyring)).as("nothing written").isEqualTo(before);
        assertThat(allowed.exitCode()).as("%s", allowed).isZero();
        assertThat(allowed.err()).contains("loaded only because of --insecure-allow-writable-key-files");
        assertThat(keys(allowed.out())).hasSize(1);
    }

    @Test
    @DisplayName("H6: emergency-rotate makes a new primary and retires every other key in one step; the file stays owner-only")
    void emergencyRotate() throws IOException {
        assertThat(CliRun.of("keyset", "generate", "--kek", kek.toString(), keyring.toString()).exitCode()).isZero();
        assertThat(CliRun.of("keyset", "rotate", "--kek", kek.toString(), keyring.toString()).exitCode()).isZero();
        List<Key> before = keys(show());
        SessionKeyring old = SessionKeyring.load(keyring, KeyEncryptionKey.fromKeysetFile(kek));
        byte[] sealedBefore = old.sealer().seal(new byte[] {1, 2, 3}, new byte[] {9});
        Files.setPosixFilePermissions(keyring, PosixFilePermissions.fromString("rw-r-----"));

        CliRun run = CliRun.of("keyset", "emergency-rotate", "--kek", kek.toString(), keyring.toString());

        assertThat(run.exitCode()).as("%s", run).isZero();
        List<Key> after = keys(show());
        assertThat(after).hasSize(3);
        Key primary = after.stream().filter(Key::primary).findFirst().orElseThrow();
        assertThat(before).extracting(Key::id).doesNotContain(primary.id());
        assertThat(after).filteredOn(key -> !key.primary()).extracting(Key::status).containsOnly("DISABLED");
        assertThat(run.out()).contains("sealing key " + primary.id() + " is the new primary")
                .contains("retired " + before.get(0).id()).contains("restart every instance");
        SessionKeyring rotated = SessionKeyring.load(keyring, KeyEncryptionKey.fromKeysetFile(kek));
        assertThat(rotated.sealer().open(sealedBefore, new byte[] {9})).as("a record sealed before opens nothing").isEmpty();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyring))).isEqualTo("rw-------");
    }

    private String show() {
        CliRun run = CliRun.of("keyset", "show", "--kek", kek.toString(), keyring.toString());
        assertThat(run.exitCode()).as("%s", run).isZero();
        return run.out();
    }

    private static List<Key> keys(String output) {
        List<Key> keys = new ArrayList<>();
        Matcher matcher = KEY_LINE.matcher(output);
        while (matcher.find()) {
            keys.add(new Key(matcher.group(1), matcher.group(2), matcher.group(3) != null));
        }
        return keys;
    }

    /** Every "value" field of the Tink keysets in a cleartext keyring file: the key material. */
    private static List<String> keyMaterial(JsonElement element) {
        List<String> values = new ArrayList<>();
        if (element.isJsonObject()) {
            JsonObject object = element.getAsJsonObject();
            object.entrySet().forEach(entry -> {
                if (entry.getKey().equals("value") && entry.getValue().isJsonPrimitive()) {
                    values.add(entry.getValue().getAsString());
                } else {
                    values.addAll(keyMaterial(entry.getValue()));
                }
            });
        } else if (element.isJsonArray()) {
            element.getAsJsonArray().forEach(item -> values.addAll(keyMaterial(item)));
        } else if (element.isJsonPrimitive() && element.getAsJsonPrimitive().isString()) {
            String text = element.getAsString().trim();
            if (text.startsWith("{")) {
                values.addAll(keyMaterial(JsonParser.parseString(text)));
            }
        }
        return values;
    }
}

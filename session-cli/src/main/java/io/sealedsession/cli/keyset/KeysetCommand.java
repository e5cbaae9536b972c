package io.sealedsession.cli.keyset;

import io.sealedsession.cli.ExitCodes;
import io.sealedsession.crypto.KeyEncryptionKey;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code session-cli keyset}: the key management commands. Without a subcommand it is a usage
 * error. Rotation takes three runs with a deployment between each, as {@code docs/keys.md}
 * explains: {@code rotate} (add a key), {@code promote} (seal with it), {@code retire} (stop
 * opening records of the old key).
 */
@Command(
        name = "keyset",
        description = {
            "Create and rotate the keyring that seals sessions.",
            "Keyrings are encrypted under a key-encryption keyset (--kek FILE or $SEALEDSESSION_KEK_FILE);"
                    + " cleartext keyrings only with --insecure-cleartext. Nothing here prints key material.",
            "Rotation: 'rotate' adds a key, deploy; 'promote' makes it primary, deploy; after one absolute"
                    + " session lifetime 'retire' the old key, deploy. 'emergency-rotate' ends every session at once.",
            ""
        },
        subcommands = {
            KeysetCommand.GenerateKek.class,
            GenerateKeyringCommand.class,
            RotateCommand.class,
            PromoteCommand.class,
            RetireCommand.class,
            EmergencyRotateCommand.class,
            ShowCommand.class
        })
public final class KeysetCommand {

    /**
     * {@code keyset generate-kek FILE}: a new local key-encryption keyset (AES-256-GCM), written
     * to a new file readable by its owner only. An existing file is never overwritten: every
     * keyring encrypted under it would become unreadable.
     */
    @Command(name = "generate-kek",
            description = {
                "Create a key-encryption keyset file (AES-256-GCM) that encrypts keyring files.",
                "Keep it apart from the keyrings (another volume, a secret mount): whoever holds both holds"
                        + " every session. Refuses to overwrite an existing file.",
                ""
            })
    static final class GenerateKek implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "Where to write the new key-encryption keyset.")
        private Path file;

        @Override
        public Integer call() {
            KeyEncryptionKey.generateKeysetFile(file);
            PrintWriter out = spec.commandLine().getOut();
            out.println("Wrote key-encryption keyset " + file + " (readable by its owner only).");
            out.println("Use it with --kek " + file + " or export SEALEDSESSION_KEK_FILE=" + file.toAbsolutePath() + ".");
            return ExitCodes.OK;
        }
    }
}

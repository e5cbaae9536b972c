package io.sealedsession.cli.keyset;

import io.sealedsession.cli.ExitCodes;
import io.sealedsession.crypto.KeysetException;
import io.sealedsession.crypto.SessionKeyring;
import java.nio.file.Files;
import picocli.CommandLine.Command;

/**
 * {@code keyset generate FILE}: a new keyring (one primary AES-256-GCM sealing key, one
 * HMAC-SHA256 principal key). Refuses to overwrite a file: replacing a keyring in use would make
 * every session sealed with it unreadable.
 */
@Command(name = "generate",
        description = {
            "Create a new keyring file: one primary sealing key (AES-256-GCM) and the principal key"
                    + " (HMAC-SHA256). Refuses to overwrite an existing file.",
            ""
        })
final class GenerateKeyringCommand extends KeyringFileCommand {

    @Override
    public Integer call() {
        if (Files.exists(file)) {
            throw new KeysetException(file + " already exists; overwriting a keyring makes every session sealed with it"
                    + " unreadable. Rotate it with 'keyset rotate " + file + "', or remove the file first");
        }
        SessionKeyring keyring = SessionKeyring.generate();
        write(keyring);
        out().println("Wrote keyring " + file + " (" + protectionName() + "), readable by its owner only.");
        printKeys(keyring);
        return ExitCodes.OK;
    }
}

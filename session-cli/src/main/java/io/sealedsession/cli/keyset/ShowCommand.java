package io.sealedsession.cli.keyset;

import io.sealedsession.cli.ExitCodes;
import io.sealedsession.crypto.SessionKeyring;
import picocli.CommandLine.Command;

/**
 * {@code keyset show FILE}: the sealing keys' ids (unsigned), statuses and which one is primary.
 * It reads the keyring, so it also proves that the key-encryption key opens it; it prints no key
 * material.
 */
@Command(name = "show",
        description = {
            "Print the keyring's sealing keys: id (unsigned), status and which is primary. Never prints key"
                    + " material. Reading the file also checks that the key-encryption key opens it.",
            ""
        })
final class ShowCommand extends KeyringFileCommand {

    @Override
    public Integer call() {
        SessionKeyring keyring = load();
        out().println("Keyring " + file + " (" + protectionName() + ")");
        out().println("Sealing keys (AES-256-GCM):");
        printKeys(keyring);
        out().println("Principal key (HMAC-SHA256): present; it never rotates (see docs/keys.md).");
        return ExitCodes.OK;
    }
}

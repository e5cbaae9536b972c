package io.sealedsession.cli.keyset;

import io.sealedsession.cli.ExitCodes;
import io.sealedsession.crypto.SessionKeyring;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code keyset promote FILE KEY_ID}: step two of a rotation. The previous primary stays enabled,
 * so sessions sealed with it still open and are re-sealed with the new primary on their next write.
 */
@Command(name = "promote",
        description = {
            "Make a sealing key primary (step 2 of a rotation): new and re-saved sessions are sealed with it."
                    + " The previous primary stays enabled, so existing sessions still open.",
            ""
        })
final class PromoteCommand extends KeyringFileCommand {

    @Parameters(index = "1", paramLabel = "KEY_ID", converter = KeyIdConverter.class,
            description = "The key id, unsigned, as 'keyset show' prints it.")
    int keyId;

    @Override
    public Integer call() {
        SessionKeyring before = load();
        int previous = before.primaryKeyId();
        SessionKeyring after = before.promote(keyId);
        write(after);
        out().println("Sealing key " + Integer.toUnsignedString(keyId) + " is primary in " + file + ".");
        printKeys(after);
        if (previous != keyId) {
            out().println("Next: deploy this keyring everywhere; after one absolute session lifetime run"
                    + " 'session-cli keyset retire " + file + " " + Integer.toUnsignedString(previous) + "'.");
        }
        return ExitCodes.OK;
    }
}

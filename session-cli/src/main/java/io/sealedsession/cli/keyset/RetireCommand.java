package io.sealedsession.cli.keyset;

import io.sealedsession.cli.ExitCodes;
import io.sealedsession.crypto.SessionKeyring;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code keyset retire FILE KEY_ID}: step three of a rotation. Sessions still sealed with the key
 * no longer open; its material stays in the file. The primary key cannot be retired.
 */
@Command(name = "retire",
        description = {
            "Retire a sealing key (step 3 of a rotation): sessions still sealed with it no longer open."
                    + " Run it once every live session has been re-sealed or has expired (one absolute session"
                    + " lifetime after 'promote'). The primary key cannot be retired.",
            ""
        })
final class RetireCommand extends KeyringFileCommand {

    @Parameters(index = "1", paramLabel = "KEY_ID", converter = KeyIdConverter.class,
            description = "The key id, unsigned, as 'keyset show' prints it.")
    int keyId;

    @Override
    public Integer call() {
        SessionKeyring after = load().retire(keyId);
        write(after);
        out().println("Sealing key " + Integer.toUnsignedString(keyId) + " is retired in " + file
                + ": sessions sealed with it no longer open.");
        printKeys(after);
        return ExitCodes.OK;
    }
}

package io.sealedsession.cli.keyset;

import io.sealedsession.cli.ExitCodes;
import io.sealedsession.crypto.KeyInfo;
import io.sealedsession.crypto.SessionKeyring;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;

/**
 * {@code keyset rotate FILE}: step one of a rotation, adding an enabled sealing key that is not
 * primary yet, so every instance can open what it will seal before anything is sealed with it.
 */
@Command(name = "rotate",
        description = {
            "Add a new sealing key to the keyring, enabled but not primary (step 1 of a rotation).",
            "Deploy the keyring everywhere, then 'keyset promote FILE KEY_ID'.",
            ""
        })
final class RotateCommand extends KeyringFileCommand {

    @Override
    public Integer call() {
        SessionKeyring before = load();
        SessionKeyring after = before.withNewKey();
        Set<Integer> old = before.aeadKeys().stream().map(KeyInfo::id).collect(Collectors.toSet());
        int added = after.aeadKeys().stream().map(KeyInfo::id).filter(id -> !old.contains(id)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the rotated keyring has no new key"));
        write(after);
        String id = Integer.toUnsignedString(added);
        out().println("Added sealing key " + id + " to " + file + " (enabled, not primary).");
        printKeys(after);
        out().println("Next: deploy this keyring everywhere, then run 'session-cli keyset promote " + file + " " + id + "'.");
        return ExitCodes.OK;
    }
}

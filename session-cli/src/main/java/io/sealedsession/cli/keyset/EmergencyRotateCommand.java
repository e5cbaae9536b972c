package io.sealedsession.cli.keyset;

import io.sealedsession.cli.ExitCodes;
import io.sealedsession.crypto.KeyInfo;
import io.sealedsession.crypto.SessionKeyring;
import java.util.List;
import picocli.CommandLine.Command;

/**
 * {@code keyset emergency-rotate FILE}: a fresh primary sealing key and every other sealing key
 * retired, in one write. Once the keyring is deployed (every instance restarted with it), no
 * record sealed before opens: every session ends, whatever Redis holds, and without a command to
 * Redis, so it works while Redis is unreachable or in an attacker's hands.
 */
@Command(name = "emergency-rotate",
        description = {
            "End every session at once: a new primary sealing key, every other sealing key retired."
                    + " Needs no Redis. Restart every instance with the new keyring: no session sealed before"
                    + " opens, and every user signs in again.",
            "For a leaked key, or a Redis an attacker can write to. For planned rotation use 'rotate',"
                    + " 'promote' and 'retire', which end no session.",
            ""
        })
final class EmergencyRotateCommand extends KeyringFileCommand {

    @Override
    public Integer call() {
        SessionKeyring before = load();
        SessionKeyring after = before.emergencyRotation();
        write(after);
        List<String> retired = before.aeadKeys().stream().filter(key -> key.status() == KeyInfo.Status.ENABLED)
                .map(key -> Integer.toUnsignedString(key.id())).toList();
        out().println("Emergency rotation of " + file + ": sealing key " + Integer.toUnsignedString(after.primaryKeyId())
                + " is the new primary; retired " + String.join(", ", retired) + ".");
        printKeys(after);
        out().println("Next: restart every instance with this keyring now. Sessions sealed before no longer open:"
                + " every user is signed out, and records written back into Redis open nothing. Instances still"
                + " running the old keyring keep their sessions until they restart.");
        return ExitCodes.OK;
    }
}

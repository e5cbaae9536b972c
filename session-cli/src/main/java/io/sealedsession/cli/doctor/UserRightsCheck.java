package io.sealedsession.cli.doctor;

import io.sealedsession.cli.doctor.ServerProbe.CannotCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code user-rights}: the application's user ({@code --app-user}, or the user doctor is
 * connected as) may reach only the namespace's keys and no command a session store does not
 * need. Too wide is CRITICAL for {@code --app-user} and WARNING for another user.
 */
final class UserRightsCheck extends AbstractCheck {

    static final String ID = "user-rights";

    /** Dangerous commands named in a finding at most. */
    private static final int DANGEROUS_SHOWN = 6;

    private static final String WHY = "A session store needs a dozen commands on its own keys (requirement A3). A"
            + " user with every command can run CONFIG SET, MODULE LOAD, DEBUG, FLUSHALL and scripts (with the Lua RCEs"
            + " of the version check); one with every key reads and deletes other applications' data. A leaked"
            + " password then costs the whole server instead of the session keys.";

    UserRightsCheck() {
        super(ID, WHY);
    }

    @Override
    public List<Finding> run(Audit audit) {
        return List.of(rightsOf(audit, audit.auditedUser()));
    }

    @Override
    public Finding refused(Audit audit, CannotCheck reason) {
        return unknown("the rights of user '" + audit.auditedUser() + "'", reason, "+acl|getuser");
    }

    /** The rights of user {@code name}, judged as the application's user when {@code --app-user} is given. */
    Finding rightsOf(Audit audit, String name) {
        Target target = audit.target();
        String whose = target.appUser() != null ? "User '" + name + "'"
                : "User '" + name + "' (the one doctor connected as; audit the application's user with --app-user NAME)";
        Optional<AclUser> user = audit.probe().aclUser(name);
        if (user.isEmpty()) {
            return finding(Severity.UNKNOWN, "There is no ACL user named '" + name + "'.", "Give --app-user the name the application connects with.");
        }
        List<String> keysBeyond = user.get().keysBeyond(target.namespace());
        List<DangerousCommands.Command> dangerous = user.get().dangerousCommands();
        if (keysBeyond.isEmpty() && dangerous.isEmpty()) {
            return ok(whose + " is limited to the keys " + String.join(" ", user.get().keyPatterns())
                    + " and to commands a session store may need.");
        }
        List<String> broad = new ArrayList<>();
        if (!keysBeyond.isEmpty()) {
            broad.add("keys beyond " + target.namespace() + ":* (" + String.join(" ", keysBeyond) + ")");
        }
        if (!dangerous.isEmpty()) {
            broad.add("commands no session store needs (" + Findings.examples(dangerous.stream()
                    .map(DangerousCommands.Command::shown).toList(), DANGEROUS_SHOWN) + ")");
        }
        String fix = name.equals("default")
                ? "Connect the application as a user of its own with only the store's commands and keys ("
                        + Findings.appUserCommand(target.namespace(), "sessions")
                        + ") and disable the default user (ACL SETUSER default off)."
                : "Limit it to the store's commands and keys: " + Findings.appUserCommand(target.namespace(), name) + ".";
        // The application's user is what a leaked application password hands over; any other user is
        // reported as a warning, since doctor cannot tell whether the application uses it.
        Severity severity = target.appUser() != null ? Severity.CRITICAL : Severity.WARNING;
        return finding(severity, whose + " may use " + String.join(" and ", broad) + ".", fix);
    }
}

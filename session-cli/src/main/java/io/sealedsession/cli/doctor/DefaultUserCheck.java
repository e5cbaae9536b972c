package io.sealedsession.cli.doctor;

import io.sealedsession.cli.doctor.ServerProbe.CannotCheck;
import java.util.List;
import java.util.Optional;

/** {@code default-user}: the user every client gets without a name must not take every connection in. */
final class DefaultUserCheck extends AbstractCheck {

    static final String ID = "default-user";

    private static final String WHY = "A client that gives no user name is the default user. Enabled without a"
            + " password, it lets anyone who can open a connection read, change and delete every session record and,"
            + " with its usual +@all, reconfigure the server.";
    private static final String FIX = "Create the application's own user (see the user-rights finding) and an"
            + " administrator, then ACL SETUSER default off (or ACL SETUSER default on resetpass >LONG-RANDOM-PASSWORD);"
            + " make it permanent in the aclfile or redis.conf (ACL SAVE / CONFIG REWRITE).";

    DefaultUserCheck() {
        super(ID, WHY);
    }

    @Override
    public List<Finding> run(Audit audit) {
        Optional<AclUser> user = audit.probe().aclUser("default");
        if (user.isEmpty() || !user.get().enabled()) {
            return List.of(ok("The default user is disabled."));
        }
        if (user.get().enabledWithoutPassword()) {
            return List.of(finding(Severity.CRITICAL, "The default user is enabled and takes no password"
                    + " (nopass): anyone who can reach the port is logged in" + (user.get().allCommands()
                    ? " with every command" : "") + (user.get().allKeys() ? " on every key" : "") + ".", FIX));
        }
        return List.of(finding(Severity.OK, "The default user is enabled and needs a password.",
                "Nothing required; disabling it (ACL SETUSER default off) leaves no user without a name."));
    }

    @Override
    public Finding refused(Audit audit, CannotCheck reason) {
        if (Boolean.TRUE.equals(audit.defaultUserOpen())) {
            return finding(Severity.CRITICAL, "Doctor connected without a user name or password and"
                    + " was let in: the default user is enabled without a password. (ACL GETUSER was refused: "
                    + reason.getMessage() + ".)", FIX);
        }
        return unknown("whether the default user needs a password", reason, "+acl|getuser");
    }
}

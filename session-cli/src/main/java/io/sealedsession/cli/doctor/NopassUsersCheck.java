package io.sealedsession.cli.doctor;

import io.sealedsession.cli.doctor.ServerProbe.CannotCheck;
import java.util.List;

/** {@code nopass-users}: no enabled user may take any password, or none. */
final class NopassUsersCheck extends AbstractCheck {

    static final String ID = "nopass-users";

    private static final String WHY = "A user with nopass accepts any password, or none: anyone who can reach the port"
            + " and knows (or guesses) the user's name gets its rights. A name is no secret; it appears in configuration"
            + " files, URIs and ACL LOG.";

    NopassUsersCheck() {
        super(ID, WHY);
    }

    @Override
    public List<Finding> run(Audit audit) {
        List<String> open = audit.probe().aclUsers().stream().filter(AclUser::enabledWithoutPassword).map(AclUser::name)
                .toList();
        if (open.isEmpty()) {
            return List.of(ok("Every enabled user needs a password."));
        }
        return List.of(finding(Severity.CRITICAL, open.size() + (open.size() == 1 ? " enabled user takes"
                : " enabled users take") + " no password (nopass): "
                + Findings.examples(open.stream().map(u -> "'" + u + "'").toList(), open.size()) + ".", "ACL SETUSER NAME resetpass >LONG-RANDOM-PASSWORD for each (or ACL SETUSER NAME off); make it permanent"
                        + " in the aclfile or redis.conf (ACL SAVE / CONFIG REWRITE)."));
    }

    @Override
    public Finding refused(Audit audit, CannotCheck reason) {
        if (Boolean.TRUE.equals(audit.defaultUserOpen())) {
            // The other users are unknown, but the default user is known to be open.
            return finding(Severity.CRITICAL, "At least the default user takes no password (nopass);"
                    + " whether others do could not be checked: " + reason.getMessage() + ".", "ACL SETUSER default off, then let doctor's user run ACL LIST (+acl|list) and check again.");
        }
        return unknown("which users take no password", reason, "+acl|list");
    }
}

package io.sealedsession.cli.doctor;

import io.sealedsession.cli.doctor.ServerProbe.CannotCheck;
import java.util.List;

/**
 * {@code protected-mode}: off on a server bound to the network, it is a WARNING, and CRITICAL
 * while the default user takes no password.
 */
final class ProtectedModeCheck extends AbstractCheck {

    static final String ID = "protected-mode";

    private static final String WHY = "Protected mode is Redis's last line of defence: while the default user has no"
            + " password it refuses every client that is not on the same machine. Off on a server that listens on the"
            + " network, nothing but the ACL stands between the network and the session records.";
    private static final String FIX = "CONFIG SET protected-mode yes (and protected-mode yes in redis.conf); bind only"
            + " the addresses clients use; keep the default user disabled or behind a password.";

    ProtectedModeCheck() {
        super(ID, WHY);
    }

    @Override
    public List<Finding> run(Audit audit) {
        ServerProbe probe = audit.probe();
        String mode = probe.config("protected-mode").orElse("yes");
        String bind = probe.config("bind").orElse("");
        if (mode.equalsIgnoreCase("yes")) {
            return List.of(ok("protected-mode is on."));
        }
        if (BindAddresses.nonLoopback(bind).isEmpty()) {
            return List.of(finding(Severity.OK, "protected-mode is off, but Redis listens on loopback addresses"
                    + " only (bind " + bind + ").", "Nothing required; turning it on costs nothing."));
        }
        boolean open = Boolean.TRUE.equals(audit.defaultUserOpen());
        return List.of(finding(open ? Severity.CRITICAL : Severity.WARNING, "protected-mode is off and Redis"
                + " listens on non-loopback addresses (bind " + bind + ")"
                + (open ? " while the default user takes no password: anyone on the network gets in." : "."), FIX));
    }

    @Override
    public Finding refused(Audit audit, CannotCheck reason) {
        return unknown("protected-mode and bind", reason, "+config|get");
    }
}

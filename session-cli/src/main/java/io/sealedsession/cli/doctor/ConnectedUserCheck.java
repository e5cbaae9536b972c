package io.sealedsession.cli.doctor;

import io.sealedsession.cli.doctor.ServerProbe.CannotCheck;
import java.util.List;

/** {@code connected-user}: doctor, and an application that connects the same way, should not be the default user. */
final class ConnectedUserCheck extends AbstractCheck {

    static final String ID = "connected-user";

    private static final String WHY = "The default user is what every client gets without a name. An application on"
            + " it shares its rights with every tool and person that connects without logging in, and the user cannot"
            + " be limited to the session keys without limiting all of them (requirement A3).";

    ConnectedUserCheck() {
        super(ID, WHY);
    }

    @Override
    public List<Finding> run(Audit audit) {
        return List.of(connectedAs(audit, audit.probe().whoAmI(), ""));
    }

    /** The connection was set up with these credentials, or with none: that says who it is. */
    @Override
    public Finding refused(Audit audit, CannotCheck reason) {
        return connectedAs(audit, audit.credentialsUser(), " (from the credentials given; ACL WHOAMI was refused: "
                + reason.getMessage() + ")");
    }

    private Finding connectedAs(Audit audit, String who, String how) {
        if (who.equals("default")) {
            String fix = "Give the application a user of its own with only the store's commands on its keys: "
                    + Findings.appUserCommand(audit.target().namespace(), "sessions")
                    + ". Connect with rediss://sessions:PASSWORD@host:port.";
            return finding(Severity.WARNING, "Doctor is connected as the default user" + how + "."
                    + " If the application connects the same way, it is the default user too.", fix);
        }
        return ok("Connected as user '" + who + "'" + how + ".");
    }
}

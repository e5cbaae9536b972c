package io.sealedsession.cli.doctor;

import io.sealedsession.cli.doctor.ServerProbe.CannotCheck;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One run of the doctor against one server: the probe that asks it, the target, and the facts
 * that more than one check needs, each learnt once from the server on first use.
 *
 * <p>Not thread-safe; the checks of one run share one audit, one after the other.
 */
final class Audit {

    private final ServerProbe probe;
    private final Target target;
    private boolean defaultUserLearnt;
    private @Nullable Boolean defaultUserOpen;
    private @Nullable String connectedUser;

    Audit(ServerProbe probe, Target target) {
        this.probe = probe;
        this.target = target;
    }

    ServerProbe probe() {
        return probe;
    }

    Target target() {
        return target;
    }

    /**
     * Whether the default user is enabled without a password: from {@code ACL GETUSER default}, or,
     * when that is refused, from doctor's own login without a name or password; null when neither
     * tells.
     */
    @Nullable Boolean defaultUserOpen() {
        if (!defaultUserLearnt) {
            try {
                Optional<AclUser> user = probe.aclUser("default");
                defaultUserOpen = user.isPresent() && user.get().enabledWithoutPassword();
            } catch (CannotCheck e) {
                // Doctor itself logged in without a user name or password, and the server let it.
                defaultUserOpen = target.anonymous() ? Boolean.TRUE : null;
            }
            defaultUserLearnt = true;
        }
        return defaultUserOpen;
    }

    /**
     * The user doctor is connected as: {@code ACL WHOAMI}, or, when that is refused, the user of
     * the credentials given ({@code default} without a name).
     */
    String connectedUser() {
        if (connectedUser == null) {
            try {
                connectedUser = probe.whoAmI();
            } catch (CannotCheck e) {
                connectedUser = credentialsUser();
            }
        }
        return connectedUser;
    }

    /** The user the credentials given name; {@code default} without a name. */
    String credentialsUser() {
        String user = target.user();
        return user == null ? "default" : user;
    }

    /** The user whose rights the user-rights check judges: {@code --app-user}, or the connected user. */
    String auditedUser() {
        String appUser = target.appUser();
        return appUser != null ? appUser : connectedUser();
    }
}

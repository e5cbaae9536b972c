package io.sealedsession.cli.doctor;

import io.sealedsession.cli.doctor.ServerProbe.CannotCheck;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks of the doctor section of the security requirements ({@code docs/security.md}, section
 * "Doctor"), run against one Redis server through a {@link ServerProbe}. Every check yields at
 * least one {@link Finding}, OK included, so that a report shows what was checked as well as what
 * was wrong.
 *
 * <p>A check whose command the server refuses (typically {@code NOPERM} for a least-privilege
 * user) is reported as its {@link DoctorCheck#refused} finding: {@link Severity#UNKNOWN} with the
 * reason and the permission that would let it run. It never fails the run and is never
 * {@link Severity#CRITICAL}, except where doctor's own connection already proves the problem (it
 * logged in as the default user without a password).
 *
 * <p>Nothing here prints a password, a password hash or a stored value: findings name
 * configuration values, user names, client addresses and key names (which for sessions are hashes
 * of tokens, not tokens).
 */
final class Doctor {

    /** Every check, in the order of the requirements and of the report. */
    static final List<DoctorCheck> CHECKS = List.of(
            new DefaultUserCheck(),
            new ConnectedUserCheck(),
            new UserRightsCheck(),
            new NopassUsersCheck(),
            new ProtectedModeCheck(),
            new TlsCheck(),
            new ReplicationTlsCheck(),
            CommandSwitchCheck.debug(),
            CommandSwitchCheck.module(),
            new PersistenceCheck(),
            new EvictionCheck(),
            new MonitorCheck(),
            new KeyspaceNotificationsCheck(),
            new VersionCheck(),
            new KeysCheck());

    private final List<DoctorCheck> checks;

    Doctor() {
        this(CHECKS);
    }

    Doctor(List<DoctorCheck> checks) {
        this.checks = List.copyOf(checks);
    }

    /** Runs every check that applies to the audit's target, in order. */
    List<Finding> run(Audit audit) {
        List<Finding> findings = new ArrayList<>();
        for (DoctorCheck check : checks) {
            if (check.appliesTo(audit.target())) {
                findings.addAll(run(check, audit));
            }
        }
        return findings;
    }

    /** One check alone: its findings, or what it reports when the server refused a command it needs. */
    static List<Finding> run(DoctorCheck check, Audit audit) {
        try {
            return check.run(audit);
        } catch (CannotCheck e) {
            return List.of(check.refused(audit, e));
        }
    }
}

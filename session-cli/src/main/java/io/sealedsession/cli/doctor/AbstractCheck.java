package io.sealedsession.cli.doctor;

import io.sealedsession.cli.doctor.ServerProbe.CannotCheck;

/** What most checks share: their id, why they matter, and findings that carry both. */
abstract class AbstractCheck implements DoctorCheck {

    private final String id;
    private final String why;

    AbstractCheck(String id, String why) {
        this.id = id;
        this.why = why;
    }

    @Override
    public final String id() {
        return id;
    }

    /** A finding of this check, with its why. */
    final Finding finding(Severity severity, String finding, String fix) {
        return new Finding(id, severity, finding, why, fix);
    }

    /** A finding of this check that is fine, with nothing to do. */
    final Finding ok(String finding) {
        return finding(Severity.OK, finding, Findings.NOTHING_TO_DO);
    }

    /** This check could not look at {@code subject}: the server refused {@code permission}, which would let it. */
    final Finding unknown(String subject, CannotCheck reason, String permission) {
        return Findings.unknown(id, subject, reason, why, permission);
    }
}

package io.sealedsession.cli.doctor;

import java.util.Objects;

/**
 * One result of one check.
 *
 * @param check a stable identifier of the check, such as {@code default-user}, for programs that
 *     read the JSON output
 * @param severity how much it matters
 * @param finding what was found, in a sentence or two; never a password or a stored value
 * @param why why it matters for sessions kept in this Redis
 * @param fix what to change, or "nothing" for a finding that is fine
 */
public record Finding(String check, Severity severity, String finding, String why, String fix) {

    public Finding {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(finding, "finding");
        Objects.requireNonNull(why, "why");
        Objects.requireNonNull(fix, "fix");
    }
}

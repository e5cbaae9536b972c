package io.sealedsession.cli.doctor;

/**
 * How much a finding matters, most serious first; reports list findings in this order.
 *
 * <p>Only {@link #CRITICAL} changes the exit code (2). {@link #UNKNOWN} means the check could not
 * run, typically because the user doctor connects as may not run a command ({@code NOPERM}); it is
 * never a reason to fail, and never becomes {@code CRITICAL} by itself.
 */
public enum Severity {

    /** Sessions or the server are exposed now; fix before relying on this Redis. */
    CRITICAL,

    /** A weakness that needs a reason to keep, or a risk under some conditions. */
    WARNING,

    /** The check could not run; the finding says why and what would let it run. */
    UNKNOWN,

    /** Worth knowing, not a weakness for sealed sessions. */
    INFO,

    /** Checked and fine. */
    OK
}

package io.sealedsession.cli.doctor;

import io.sealedsession.cli.doctor.ServerProbe.CannotCheck;
import java.util.List;

/**
 * One check of the doctor: what it asks the server, and the findings it makes of the answers.
 * {@link Doctor} runs every check that {@linkplain #appliesTo applies} in its order and writes the
 * report loop once; a check alone runs against a server in a test just as well.
 *
 * <p>A check reads the server only through the {@link Audit}'s probe and learns what other checks
 * learn (whether the default user is open, who doctor is connected as) from the audit too, so that
 * no check depends on another having run before it.
 */
interface DoctorCheck {

    /** The check's identifier, as its findings name it in the JSON output, such as {@code default-user}. */
    String id();

    /** Whether the check concerns this target; most always do. */
    default boolean appliesTo(Target target) {
        return true;
    }

    /**
     * Runs the check.
     *
     * @return at least one finding, OK included, so that a report shows what was checked
     * @throws CannotCheck when the server refused a command the check needs; the doctor then
     *     reports {@link #refused}
     */
    List<Finding> run(Audit audit);

    /**
     * What the report says when the server refused a command that {@link #run} needed: usually
     * {@link Severity#UNKNOWN} with the reason and the permission that would let the check run,
     * never {@link Severity#CRITICAL} unless doctor's own connection already proves the problem.
     */
    Finding refused(Audit audit, CannotCheck reason);
}

/**
 * {@code session-cli doctor}: audits a live Redis for what matters to sealed sessions (the doctor
 * section of {@code SECURITY-REQUIREMENTS.md}) through any client adapter, and reports each
 * finding with a severity, why it matters and how to fix it.
 *
 * <p>{@link io.sealedsession.cli.doctor.DoctorCommand} is the command line;
 * {@link io.sealedsession.cli.doctor.Doctor} runs the checks over
 * {@link io.sealedsession.redis.RedisCommandExecutor#command}; {@link io.sealedsession.cli.doctor.Report}
 * prints them as a table or as JSON.
 */
@NullMarked
package io.sealedsession.cli.doctor;

import org.jspecify.annotations.NullMarked;

/**
 * {@code session-cli doctor}: audits a live Redis for what matters to sealed sessions (the "Doctor"
 * section of the project's {@code docs/security.md}) through any client adapter, and reports each
 * finding with a severity, why it matters and how to fix it.
 *
 * <p>{@link io.sealedsession.cli.doctor.DoctorCommand} is the command line;
 * {@link io.sealedsession.cli.doctor.Doctor} runs each {@link io.sealedsession.cli.doctor.DoctorCheck},
 * one class per check, over an {@link io.sealedsession.cli.doctor.Audit} that asks the server through
 * {@link io.sealedsession.redis.RedisCommandExecutor#command}; {@link io.sealedsession.cli.doctor.Report}
 * prints the findings as a table or as JSON.
 */
@NullMarked
package io.sealedsession.cli.doctor;

import org.jspecify.annotations.NullMarked;

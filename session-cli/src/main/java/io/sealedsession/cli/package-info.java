/**
 * The {@code session-cli} executable: {@link io.sealedsession.cli.Main} builds the command tree
 * ({@link io.sealedsession.cli.SessionCli} with {@code serve}, {@code doctor} and {@code keyset}) and maps every
 * outcome to a documented exit code ({@link io.sealedsession.cli.ExitCodes}).
 */
@NullMarked
package io.sealedsession.cli;

import org.jspecify.annotations.NullMarked;

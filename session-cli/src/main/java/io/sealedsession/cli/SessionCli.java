package io.sealedsession.cli;

import io.sealedsession.cli.doctor.DoctorCommand;
import io.sealedsession.cli.keyset.KeysetCommand;
import io.sealedsession.cli.serve.ServeCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/**
 * The top-level {@code session-cli} command. It does nothing by itself: without a subcommand it
 * is a usage error. {@code --help}, {@code --version} and the help layout are inherited by every
 * subcommand, so a new subcommand is one more entry in {@code subcommands}.
 */
@Command(
        name = "session-cli",
        description = {
            "Sealed Sessions: web sessions stored in Redis so that a full copy of Redis yields no usable"
                    + " token and no readable data.",
            "Run 'session-cli COMMAND --help' for a command's options.",
            ""
        },
        subcommands = {ServeCommand.class, DoctorCommand.class, KeysetCommand.class},
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        showDefaultValues = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        exitCodeListHeading = "%nExit codes:%n")
public final class SessionCli {
}

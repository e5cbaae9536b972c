package io.sealedsession.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Help, version and the exit codes of the command line itself. */
class CliHelpTest {

    static Stream<List<String>> commands() {
        return Stream.of(
                List.of(),
                List.of("serve"),
                List.of("keyset"),
                List.of("keyset", "generate-kek"),
                List.of("keyset", "generate"),
                List.of("keyset", "rotate"),
                List.of("keyset", "promote"),
                List.of("keyset", "retire"),
                List.of("keyset", "emergency-rotate"),
                List.of("keyset", "show"));
    }

    @ParameterizedTest(name = "session-cli {0} --help")
    @MethodSource("commands")
    @DisplayName("--help works on every command, exits 0 and documents the exit codes")
    void help(List<String> command) {
        List<String> args = new ArrayList<>(command);
        args.add("--help");

        CliRun run = CliRun.of(args.toArray(String[]::new));

        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).startsWith("Usage: session-cli" + (command.isEmpty() ? "" : " " + String.join(" ", command)));
        assertThat(run.out()).contains("Exit codes:").containsPattern("(?m)^\\s+0\\s+done")
                .containsPattern("(?m)^\\s+1\\s+could not run").containsPattern("(?m)^\\s+2\\s+usage error");
        assertThat(run.out()).contains("-h, --help").contains("-V, --version");
        assertThat(run.err()).isEmpty();
    }

    @Test
    @DisplayName("the top-level help lists serve and keyset")
    void topLevelListsCommands() {
        CliRun run = CliRun.of("--help");

        assertThat(run.out()).containsPattern("(?m)^\\s+serve\\s").containsPattern("(?m)^\\s+keyset\\s");
    }

    @Test
    @DisplayName("--version prints the project version and exits 0")
    void version() {
        CliRun run = CliRun.of("--version");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).containsPattern("^session-cli \\d+\\.\\d+\\.\\d+").doesNotContain("${");
        assertThat(CliRun.of("keyset", "show", "--version").out()).isEqualTo(run.out());
    }

    @Test
    @DisplayName("no command, an unknown command or an unknown option is a usage error: exit 2 with a message")
    void usageErrors() {
        CliRun none = CliRun.of();
        CliRun unknownCommand = CliRun.of("frobnicate");
        CliRun unknownOption = CliRun.of("serve", "--frobnicate");
        CliRun keysetAlone = CliRun.of("keyset");
        CliRun notANumber = CliRun.of("serve", "--port", "eighty");

        assertThat(none.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(none.err()).contains("Missing required subcommand").contains("Usage: session-cli");
        assertThat(unknownCommand.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknownCommand.err()).contains("frobnicate");
        assertThat(unknownOption.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknownOption.err()).contains("Unknown option: '--frobnicate'");
        assertThat(keysetAlone.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(notANumber.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(notANumber.err()).contains("--port");
    }
}

package io.sealedsession.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedsession.cli.CliRun;
import io.sealedsession.cli.ExitCodes;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code doctor}'s help and usage errors: nothing here reaches Redis. */
class DoctorCommandTest {

    @Test
    @DisplayName("--help lists the options and doctor's own exit codes, including that 2 is also a usage error")
    void help() {
        CliRun run = CliRun.of("doctor", "--help");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).startsWith("Usage: session-cli doctor")
                .contains("--client=NAME").contains("--user=NAME").contains("--password=PASSWORD")
                .contains("--truststore=FILE").contains("--keystore=FILE").contains("--namespace=NAME")
                .contains("--app-user=NAME").contains("--max-keys=N").contains("--json").contains("--allow-plaintext")
                .contains("SEALEDSESSION_REDIS_PASSWORD")
                .contains("Exit codes:")
                .containsPattern("(?m)^\\s+0\\s+no finding is CRITICAL")
                .containsPattern("(?m)^\\s+1\\s+could not run: Redis could not be reached")
                .containsPattern("(?m)^\\s+2\\s+at least one finding is CRITICAL")
                .contains("also a usage");
        assertThat(CliRun.of("--help").out()).containsPattern("(?m)^\\s+doctor\\s");
    }

    @Test
    @DisplayName("usage errors exit 2 with a message and the usage, and print no report")
    void usageErrors() {
        CliRun noUri = CliRun.of("doctor");
        CliRun badUri = CliRun.of("doctor", "http://127.0.0.1:6390");
        CliRun userWithoutPassword = CliRun.of("doctor", "redis://127.0.0.1:6390", "--user", "doctor");
        CliRun badNamespace = CliRun.of("doctor", "redis://127.0.0.1:6390", "--namespace", "a b");
        CliRun badClient = CliRun.of("doctor", "redis://127.0.0.1:6390", "--client", "hiredis");
        CliRun badLimit = CliRun.of("doctor", "redis://127.0.0.1:6390", "--max-keys", "0");

        for (CliRun run : new CliRun[] {noUri, badUri, userWithoutPassword, badNamespace, badClient, badLimit}) {
            assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCodes.USAGE);
            assertThat(run.out()).as("%s", run).isEmpty();
            assertThat(run.err()).as("%s", run).contains("Usage: session-cli doctor");
        }
        assertThat(noUri.err()).contains("Missing required parameter: 'URI'");
        assertThat(badUri.err()).contains("a Redis URI starts with redis://");
        assertThat(userWithoutPassword.err()).contains("--user needs a password");
        assertThat(badNamespace.err()).contains("namespace");
        assertThat(badClient.err()).contains("--client is one of lettuce, jedis, redisson");
        assertThat(badLimit.err()).contains("--max-keys is between 1 and 1000000");
    }
}

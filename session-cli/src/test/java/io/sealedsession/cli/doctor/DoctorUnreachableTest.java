package io.sealedsession.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedsession.cli.CliRun;
import io.sealedsession.cli.ExitCodes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code doctor} when it cannot get in: exit 1 and one line on stderr, without the password. */
class DoctorUnreachableTest {

    static List<String> clients() {
        return List.of("lettuce", "jedis", "redisson");
    }

    @ParameterizedTest(name = "--client {0}")
    @MethodSource("clients")
    @DisplayName("nothing listens on the port: exit 1, one line that says so, no report")
    void unreachable(String client) throws IOException {
        int port = closedPort();

        CliRun run = CliRun.of("doctor", "redis://:s3cret-pw@127.0.0.1:" + port, "--client", client);

        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCodes.FAILED);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines().toList()).as(run.err()).singleElement().asString()
                .startsWith("session-cli doctor: error: cannot connect to Redis at redis://***@127.0.0.1:" + port
                        + " with " + client + ": ")
                .doesNotContain("s3cret-pw");
    }

    @Test
    @DisplayName("plaintext to a host that is not loopback is refused before connecting, and the message names --allow-plaintext")
    void plaintextToRemoteHostNeedsOptIn() {
        CliRun run = CliRun.of("doctor", "redis://:s3cret-pw@redis.example:6390");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains("--allow-plaintext").doesNotContain("s3cret-pw");
        assertThat(run.err().lines().count()).isEqualTo(1);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}

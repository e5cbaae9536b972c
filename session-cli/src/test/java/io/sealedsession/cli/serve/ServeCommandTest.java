package io.sealedsession.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedsession.cli.CliRun;
import io.sealedsession.cli.ExitCodes;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code session-cli serve}: its options, its start-up output, and its exit codes when it cannot start. */
class ServeCommandTest {

    @Test
    @DisplayName("without options: in-memory store and throw-away keyring, each announced loudly, and two demo users who can sign in")
    void defaults() throws Exception {
        try (RunningApp app = RunningApp.start(Map.of())) {
            assertThat(app.out()).startsWith("Sealed Sessions reference app on http://127.0.0.1:")
                    .contains("store:   in memory: sessions live in this process only")
                    .contains("keyring: THROW-AWAY, generated for this run")
                    .contains("policy:  idle PT30M, absolute PT8H");
            assertThat(app.err()).contains("WARNING: No --keyset: sessions are sealed with a THROW-AWAY keyring")
                    .contains("NOT survive a")
                    .contains("WARNING: Sessions live in THIS PROCESS ONLY");
            Matcher users = Pattern.compile("(?m)^\\s+(alice|bob) / (\\S{16})$").matcher(app.out());
            assertThat(users.find()).isTrue();
            String user = users.group(1);
            String password = users.group(2);
            assertThat(users.find()).isTrue();
            assertThat(users.group(1)).isNotEqualTo(user);
            assertThat(users.group(2)).isNotEqualTo(password);

            ApiClient client = app.client("Demo");
            client.signIn(user, password);
            assertThat(client.session().get("user").getAsString()).isEqualTo(user);
        }
    }

    @Test
    @DisplayName("--user replaces the demo users; --idle and --absolute set the policy")
    void usersAndPolicy() throws Exception {
        try (RunningApp app = RunningApp.start(Map.of(), "--user", "carol:c4r0l:with:colons", "--idle", "PT5M",
                "--absolute", "PT1H")) {
            assertThat(app.out()).contains("users:   carol").doesNotContain("alice").doesNotContain("c4r0l")
                    .contains("policy:  idle PT5M, absolute PT1H");
            ApiClient client = app.client("Carol");
            client.signIn("carol", "c4r0l:with:colons");
            assertThat(client.login("alice", "anything").status()).isEqualTo(401);
        }
    }

    @Test
    @DisplayName("an idle timeout under a minute still works: the touch interval follows it")
    void shortIdle() throws Exception {
        try (RunningApp app = RunningApp.start(Map.of(), "--user", "dan:pw", "--idle", "PT20S", "--absolute", "PT1M")) {
            ApiClient client = app.client("Short");
            client.signIn("dan", "pw");
            assertThat(client.session().get("user").getAsString()).isEqualTo("dan");
        }
    }

    @Test
    @DisplayName("a cleartext keyring needs --insecure-cleartext-keyset and is announced loudly")
    void cleartextKeyring(@TempDir Path dir) throws Exception {
        Path clear = dir.resolve("clear.json");
        assertThat(CliRun.of("keyset", "generate", "--insecure-cleartext", clear.toString()).exitCode()).isZero();

        CliRun refused = CliRun.of("serve", "--port", "0", "--keyset", clear.toString());
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(refused.err()).contains("--kek").contains("--insecure-cleartext-keyset");

        try (RunningApp app = RunningApp.start(Map.of(), "--keyset", clear.toString(), "--insecure-cleartext-keyset")) {
            assertThat(app.out()).contains("keyring: " + clear + " (INSECURE CLEARTEXT)");
            assertThat(app.err()).contains("WARNING: INSECURE CLEARTEXT keyring");
        }
    }

    @Test
    @DisplayName("a non-loopback address is served, with a warning that the Secure cookie needs HTTPS there")
    void nonLoopbackWarns() throws Exception {
        try (RunningApp app = RunningApp.start(Map.of(), "--bind", "0.0.0.0", "--user", "eve:pw")) {
            assertThat(app.out()).contains("http://0.0.0.0:");
            assertThat(app.err()).contains("WARNING: Listening on 0.0.0.0 over plain HTTP").contains("TLS-terminating proxy");
        }
    }

    @Test
    @DisplayName("options that are malformed or contradict each other are usage errors: exit 2, nothing started")
    void usageErrors(@TempDir Path dir) {
        String keyring = dir.resolve("keyring.json").toString();
        List<List<String>> cases = List.of(
                List.of("--port", "70000"),
                List.of("--client", "lettuce"),
                List.of("--redis", "redis://127.0.0.1:1", "--client", "memcached"),
                List.of("--redis", "http://127.0.0.1:1"),
                List.of("--user", "alice"),
                List.of("--user", ":pw"),
                List.of("--user", "alice:"),
                List.of("--user", "alice:one", "--user", "alice:two"),
                List.of("--idle", "thirty minutes"),
                List.of("--idle", "PT1H", "--absolute", "PT30M"),
                List.of("--namespace", "with space"),
                List.of("--bind", "no-such-host.invalid"),
                List.of("--keyset", keyring),
                List.of("--kek", keyring),
                List.of("--insecure-cleartext-keyset"),
                List.of("--keyset", keyring, "--kek", keyring, "--insecure-cleartext-keyset"));
        for (List<String> options : cases) {
            String[] args = new String[options.size() + 3];
            args[0] = "serve";
            args[1] = "--port";
            args[2] = "0";
            for (int i = 0; i < options.size(); i++) {
                args[i + 3] = options.get(i);
            }
            CliRun run = CliRun.of(args);
            assertThat(run.exitCode()).as("%s: %s", options, run).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err()).as("%s", options).contains("Usage: session-cli serve");
            assertThat(run.out()).as("%s", options).doesNotContain("reference app on");
        }
    }

    @Test
    @DisplayName("a usage error about --user never repeats the password")
    void userErrorsHideThePassword() {
        CliRun run = CliRun.of("serve", "--user", "alice:secret-one", "--user", "alice:secret-two");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--user alice is given twice").doesNotContain("secret-one").doesNotContain("secret-two");
    }

    @Test
    @DisplayName("Redis that cannot be reached, a keyring that does not open and a taken port exit 1 with a message")
    void cannotRun(@TempDir Path dir) throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        CliRun noRedis = CliRun.of("serve", "--port", "0", "--user", "a:b", "--redis", "redis://127.0.0.1:" + closedPort);
        assertThat(noRedis.exitCode()).as("%s", noRedis).isEqualTo(ExitCodes.FAILED);
        assertThat(noRedis.err()).contains("cannot connect to Redis at redis://127.0.0.1:" + closedPort + " with lettuce");

        Path kek = dir.resolve("kek.json");
        Path otherKek = dir.resolve("other.json");
        Path keyring = dir.resolve("keyring.json");
        assertThat(CliRun.of("keyset", "generate-kek", kek.toString()).exitCode()).isZero();
        assertThat(CliRun.of("keyset", "generate-kek", otherKek.toString()).exitCode()).isZero();
        assertThat(CliRun.of("keyset", "generate", "--kek", kek.toString(), keyring.toString()).exitCode()).isZero();
        CliRun wrongKek = CliRun.of("serve", "--port", "0", "--user", "a:b", "--keyset", keyring.toString(), "--kek",
                otherKek.toString());
        assertThat(wrongKek.exitCode()).as("%s", wrongKek).isEqualTo(ExitCodes.FAILED);
        assertThat(wrongKek.err()).startsWith("session-cli serve: error: ").contains(keyring.toString());
        CliRun missingKeyring = CliRun.of("serve", "--port", "0", "--user", "a:b", "--keyset",
                dir.resolve("missing.json").toString(), "--kek", kek.toString());
        assertThat(missingKeyring.exitCode()).as("%s", missingKeyring).isEqualTo(ExitCodes.FAILED);

        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            CliRun portTaken = CliRun.of("serve", "--port", String.valueOf(taken.getLocalPort()), "--user", "a:b");
            assertThat(portTaken.exitCode()).as("%s", portTaken).isEqualTo(ExitCodes.FAILED);
            assertThat(portTaken.err()).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort());
        }
    }
}

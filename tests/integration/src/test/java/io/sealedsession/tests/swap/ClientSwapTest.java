package io.sealedsession.tests.swap;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedsession.crypto.SessionKeyring;
import io.sealedsession.tests.redis.RedisServer;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Swapping the Redis client is a deployment change: the same application code, run in a fresh JVM
 * with one adapter jar on its class path (or all of them and the client named in configuration),
 * continues the same sessions.
 */
class ClientSwapTest {

    private static final List<String> ADAPTERS = List.of("lettuce", "jedis", "redisson");

    private static RedisServer server;
    private static String keyring;

    @BeforeAll
    static void start() {
        server = RedisServer.startDefault();
        keyring = SessionKeyring.generate().toInsecureCleartextJson();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    @DisplayName("with only one adapter on the class path, that client runs, and each continues the session of the one before")
    void oneAdapterOnTheClassPath() throws Exception {
        List<String> clients = available();
        String token = null;
        List<String> seen = new ArrayList<>();
        for (String client : clients) {
            Map<String, String> out = run(classPathWithOnly(client), null, token);
            seen.add("seen-by-" + client);
            assertThat(out.get("store")).as("store opened by the only adapter present").containsIgnoringCase(client);
            assertThat(out.get("attributes")).isEqualTo(String.join(",", seen));
            if (token != null) {
                assertThat(out.get("token")).isEqualTo(token);
            }
            token = out.get("token");
        }
    }

    @Test
    @DisplayName("with every adapter on the class path, the property sealedsession.redis.client picks one")
    void everyAdapterAndAProperty() throws Exception {
        String token = null;
        for (String client : available()) {
            Map<String, String> out = run(testClassPath(), client, token);
            assertThat(out.get("store")).containsIgnoringCase(client);
            token = out.get("token");
        }
        assertThat(token).isNotNull();
    }

    /** The adapters this build has on the test class path. */
    private static List<String> available() {
        List<String> present = ADAPTERS.stream()
                .filter(a -> testClassPath().stream().anyMatch(e -> e.contains("adapter-" + a)))
                .toList();
        assertThat(present).as("adapters on the test class path").isNotEmpty();
        return present;
    }

    private static List<String> testClassPath() {
        String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.asList(path.split(File.pathSeparator));
    }

    /** The test class path minus every other adapter and its client library. */
    private static List<String> classPathWithOnly(String client) {
        List<String> excluded = new ArrayList<>();
        for (String other : ADAPTERS) {
            if (!other.equals(client)) {
                excluded.add("adapter-" + other);
                excluded.add(switch (other) {
                    case "lettuce" -> "lettuce-core";
                    case "jedis" -> File.separator + "jedis-";
                    default -> File.separator + "redisson-";
                });
            }
        }
        return testClassPath().stream().filter(e -> excluded.stream().noneMatch(e::contains)).toList();
    }

    private static Map<String, String> run(List<String> classPath, String client, String token)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-Dsealedsession.redis.uri=" + server.uri(),
                "-Dlogback.configurationFile=logback-test.xml"));
        if (client != null) {
            command.add("-Dsealedsession.redis.client=" + client);
        }
        command.addAll(List.of("-cp", String.join(File.pathSeparator, classPath), SwapDemoApplication.class.getName()));
        if (token != null) {
            command.add(token);
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("DEMO_KEYRING", keyring);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the application finished").isTrue();
        assertThat(process.exitValue()).as("exit code; output:\n" + output).isZero();
        return Arrays.stream(output.split("\\R"))
                .filter(line -> line.matches("[a-z-]+=.*"))
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1), (a, b) -> b));
    }
}

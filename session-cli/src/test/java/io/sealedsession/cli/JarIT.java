package io.sealedsession.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.sealedsession.tests.redis.RedisServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executable jar as people run it, {@code java -jar session-cli.jar ...}, in a process of its
 * own: the manifest's main class, the merged {@code META-INF/services} (a Redis client found by
 * ServiceLoader inside the shaded jar) and the real exit codes of {@code System.exit}.
 */
class JarIT {

    private static final Path JAR = Path.of(System.getProperty("session-cli.jar", "target/session-cli.jar"));
    private static final Pattern URL = Pattern.compile("reference app on (http://\\S+/)");

    private record Result(int exitCode, String out, String err) {}

    @Test
    @DisplayName("the jar runs: --version exits 0, a usage error exits 2, a failure exits 1")
    void exitCodes() throws Exception {
        Result version = run("--version");
        Result usage = run("serve", "--no-such-option");
        Result failure = run("keyset", "show", "--kek", "/nonexistent/kek.json", "/nonexistent/keyring.json");

        assertThat(version.exitCode()).as("%s", version).isZero();
        assertThat(version.out()).startsWith("session-cli ");
        assertThat(usage.exitCode()).as("%s", usage).isEqualTo(2);
        assertThat(usage.err()).contains("Unknown option: '--no-such-option'");
        assertThat(failure.exitCode()).as("%s", failure).isEqualTo(1);
        assertThat(failure.err()).startsWith("session-cli keyset show: error: ");
    }

    @Test
    @DisplayName("the jar's services file lists the Redis client adapters it carries")
    void servicesMerged() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            String services = new String(jar.getInputStream(jar.getEntry(
                    "META-INF/services/io.sealedsession.redis.RedisClientProvider")).readAllBytes(), StandardCharsets.UTF_8);
            assertThat(services).contains("io.sealedsession.lettuce.LettuceRedisClientProvider");
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("io.sealedsession.cli.Main");
        }
    }

    @Test
    @DisplayName("keyset commands and serve --redis --keyset work from the jar, with the client found by ServiceLoader")
    void servesFromTheJar(@TempDir Path dir) throws Exception {
        Path kek = dir.resolve("kek.json");
        Path keyring = dir.resolve("keyring.json");
        assertThat(run("keyset", "generate-kek", kek.toString()).exitCode()).isZero();
        assertThat(run("keyset", "generate", "--kek", kek.toString(), keyring.toString()).exitCode()).isZero();
        Result show = run("keyset", "show", "--kek", kek.toString(), keyring.toString());
        assertThat(show.exitCode()).as("%s", show).isZero();
        assertThat(show.out()).containsPattern("(?m)^  \\d+\\s+ENABLED\\s+primary");

        try (RedisServer redis = RedisServer.startDefault()) {
            Process serve = start("serve", "--port", "0", "--redis", redis.uri(), "--keyset", keyring.toString(),
                    "--kek", kek.toString(), "--user", "alice:jar-password");
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
                URI base = awaitUrl(out, serve);
                HttpClient http = HttpClient.newHttpClient();
                HttpResponse<String> session = http.send(HttpRequest.newBuilder(base.resolve("/api/session")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(session.statusCode()).isEqualTo(200);
                assertThat(session.body()).contains("\"authenticated\":false");
                assertThat(redis.isRunning()).isTrue();
            } finally {
                serve.destroy();
                assertThat(serve.waitFor(20, TimeUnit.SECONDS)).as("serve stops on SIGTERM").isTrue();
            }
        }
    }

    @Test
    @DisplayName("doctor runs from the jar on every client: exit 2 for a password-less default user (and nopass on it), only JSON on stdout")
    void doctorFromTheJar() throws Exception {
        try (RedisServer redis = RedisServer.startDefault()) {
            for (String client : List.of("lettuce", "jedis", "redisson")) {
                Result result = run("doctor", redis.uri(), "--client", client, "--json");

                assertThat(result.exitCode()).as("%s: %s", client, result).isEqualTo(2);
                List<String> critical = new ArrayList<>();
                for (JsonElement finding : JsonParser.parseString(result.out()).getAsJsonArray()) {
                    if (finding.getAsJsonObject().get("severity").getAsString().equals("CRITICAL")) {
                        critical.add(finding.getAsJsonObject().get("check").getAsString());
                    }
                }
                assertThat(critical).as(client).containsExactly("default-user", "nopass-users");
            }
        }
    }

    private static URI awaitUrl(BufferedReader out, Process process) throws Exception {
        CompletableFuture<URI> url = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    Matcher matcher = URL.matcher(line);
                    if (matcher.find()) {
                        return URI.create(matcher.group(1));
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            throw new IllegalStateException("serve ended without printing its URL; exit " + process.exitValue());
        });
        return url.get(60, TimeUnit.SECONDS);
    }

    private static Process start(String... args) throws IOException {
        assertThat(JAR).as("the shaded jar, built by the package phase").isRegularFile();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).start();
    }

    private static Result run(String... args) throws Exception {
        Process process = start(args);
        process.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process, true));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process, false));
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("session-cli %s ends", String.join(" ", args)).isTrue();
        return new Result(process.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
    }

    private static String read(Process process, boolean stdout) {
        try {
            return new String((stdout ? process.getInputStream() : process.getErrorStream()).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

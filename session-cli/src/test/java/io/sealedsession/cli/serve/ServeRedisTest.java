package io.sealedsession.cli.serve;

import static io.sealedsession.cli.serve.RunningApp.ALICE_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.sealedsession.cli.CliEnvironment;
import io.sealedsession.cli.Main;
import io.sealedsession.cli.serve.ApiClient.Reply;
import io.sealedsession.tests.redis.RedisServer;
import io.sealedsession.tests.redis.RespConnection;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code serve --redis} against real {@code redis-server} processes. */
class ServeRedisTest {

    /** The client adapters this module ships; every test below runs on each. */
    static List<String> clients() {
        return List.of("lettuce", "jedis", "redisson");
    }

    @ParameterizedTest(name = "--client {0}")
    @MethodSource("clients")
    @DisplayName("serve --redis keeps sessions in Redis, sealed, and ending a session from another browser works")
    void servesFromRedis(String client) throws Exception {
        try (RedisServer redis = RedisServer.startDefault();
             RunningApp app = RunningApp.withUsers("--redis", redis.uri(), "--client", client, "--namespace", "cli-test")) {
            assertThat(app.out()).contains("store:   Redis " + redis.uri() + " via " + client + ", namespace cli-test");
            assertThat(app.err()).doesNotContain("THIS PROCESS ONLY");
            ApiClient a = app.client("Browser A");
            ApiClient b = app.client("Browser B");
            a.signIn("alice", ALICE_PASSWORD);
            assertThat(a.post("/api/notes", "{\"text\":\"a note only alice can read\"}").status()).isEqualTo(201);
            b.signIn("alice", ALICE_PASSWORD);

            try (RespConnection resp = RespConnection.to(redis)) {
                List<String> keys = resp.scan("*");
                assertThat(keys).isNotEmpty().allMatch(key -> key.startsWith("cli-test:s:{") || key.startsWith("cli-test:p:{"));
                StringBuilder everything = new StringBuilder(String.join("\n", keys));
                for (String key : keys) {
                    if (key.startsWith("cli-test:s:")) {
                        everything.append(new String((byte[]) resp.call("GET", key), StandardCharsets.ISO_8859_1));
                    }
                    assertThat(resp.callLong("PTTL", key)).as("TTL of %s", key).isPositive();
                }
                assertThat(everything.toString())
                        .doesNotContain(a.cookie()).doesNotContain(b.cookie())
                        .doesNotContain("alice").doesNotContain("a note only alice can read").doesNotContain("Browser A");
            }

            String handleOfA = StreamSupport.stream(b.get("/api/sessions").array().spliterator(), false)
                    .map(JsonElement::getAsJsonObject)
                    .filter(session -> session.get("userAgent").getAsString().equals("Browser A"))
                    .map(session -> session.get("handle").getAsString())
                    .findFirst().orElseThrow();
            assertThat(b.delete("/api/sessions/" + handleOfA).status()).isEqualTo(204);
            assertThat(a.session().get("authenticated").getAsBoolean()).isFalse();
            assertThat(b.post("/api/sessions/revoke-others", null).status()).isEqualTo(204);
            assertThat(b.post("/api/logout", null).status()).isEqualTo(204);
            assertThat(b.get("/api/sessions").status()).isEqualTo(401);
        }
    }

    @ParameterizedTest(name = "--client {0}")
    @MethodSource("clients")
    @DisplayName("invariant 5: twenty parallel POST /api/notes on one session keep all twenty notes")
    void parallelNotesKeepEveryNote(String client) throws Exception {
        try (RedisServer redis = RedisServer.startDefault();
             RunningApp app = RunningApp.withUsers("--redis", redis.uri(), "--client", client)) {
            ApiClient browser = app.client("Busy browser");
            browser.signIn("alice", ALICE_PASSWORD);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(20);
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            try {
                List<java.util.concurrent.Future<Reply>> replies = new java.util.ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    String body = "{\"text\":\"note " + i + "\"}";
                    replies.add(pool.submit(() -> {
                        start.await();
                        return browser.post("/api/notes", body);
                    }));
                }
                start.countDown();
                for (java.util.concurrent.Future<Reply> reply : replies) {
                    assertThat(reply.get(60, java.util.concurrent.TimeUnit.SECONDS).status()).isEqualTo(201);
                }
            } finally {
                pool.shutdownNow();
            }
            List<String> notes = StreamSupport.stream(browser.session().getAsJsonArray("notes").spliterator(), false)
                    .map(JsonElement::getAsString).toList();
            assertThat(notes).hasSize(20).doesNotHaveDuplicates();
        }
    }

    @ParameterizedTest(name = "--client {0}")
    @MethodSource("clients")
    @DisplayName("Redis unreachable: 503 from every endpoint that needs the session, and recovery without a restart")
    void redisDown(String client) throws Exception {
        try (RedisServer redis = RedisServer.startDefault();
             RunningApp app = RunningApp.withUsers("--redis", redis.uri(), "--client", client)) {
            ApiClient alice = app.client("Alice");
            alice.signIn("alice", ALICE_PASSWORD);

            redis.stop();
            Reply session = alice.get("/api/session");
            Reply note = alice.post("/api/notes", "{\"text\":\"x\"}");
            Reply sessions = alice.get("/api/sessions");
            Reply page = alice.get("/");

            assertThat(session.status()).isEqualTo(503);
            assertThat(session.header("retry-after")).isEqualTo("1");
            assertThat(note.status()).isEqualTo(503);
            assertThat(sessions.status()).isEqualTo(503);
            assertThat(page.status()).as("the page itself needs no session").isEqualTo(200);

            redis.start();
            // The server came back empty (no persistence), so the session is gone, but the app
            // answers again without a restart once the client has reconnected.
            Reply back = awaitStatus(alice, 200, Duration.ofSeconds(15));
            assertThat(back.object().get("authenticated").getAsBoolean()).isFalse();
        }
    }

    @Test
    @DisplayName("with --keyset and Redis, a signed-in session survives a restart of serve; with a throw-away keyring it does not")
    void survivesRestartOnlyWithAKeyset(@TempDir Path dir) throws Exception {
        Path kek = dir.resolve("kek.json");
        Path keyring = dir.resolve("keyring.json");
        assertThat(keyset("generate-kek", kek.toString())).isZero();
        assertThat(keyset("generate", "--kek", kek.toString(), keyring.toString())).isZero();

        try (RedisServer redis = RedisServer.startDefault()) {
            String cookie;
            try (RunningApp first = RunningApp.withUsers("--redis", redis.uri(), "--keyset", keyring.toString(),
                    "--kek", kek.toString())) {
                assertThat(first.out()).contains("keyring: " + keyring + " (encrypted)");
                assertThat(first.err()).doesNotContain("THROW-AWAY");
                ApiClient client = first.client("Before restart");
                client.signIn("alice", ALICE_PASSWORD);
                cookie = client.cookie();
            }
            // The key-encryption key now comes from the environment, as a deployment would pass it.
            try (RunningApp second = RunningApp.start(Map.of(CliEnvironment.KEK_FILE_VARIABLE, kek.toString()),
                    "--user", "alice:" + ALICE_PASSWORD, "--redis", redis.uri(), "--keyset", keyring.toString())) {
                ApiClient client = second.client("After restart");
                client.useCookie(cookie);
                JsonObject session = client.session();
                assertThat(session.get("user").getAsString()).isEqualTo("alice");
                assertThat(client.cookie()).isEqualTo(cookie);
            }

            String throwAwayCookie;
            try (RunningApp first = RunningApp.withUsers("--redis", redis.uri())) {
                assertThat(first.err()).contains("THROW-AWAY");
                ApiClient client = first.client("Throw-away");
                client.signIn("alice", ALICE_PASSWORD);
                throwAwayCookie = client.cookie();
            }
            try (RunningApp second = RunningApp.withUsers("--redis", redis.uri())) {
                ApiClient client = second.client("Throw-away");
                client.useCookie(throwAwayCookie);
                assertThat(client.session().get("authenticated").getAsBoolean()).isFalse();
                assertThat(client.cookie()).isNotEqualTo(throwAwayCookie);
            }
        }
    }

    @ParameterizedTest(name = "--client {0}")
    @MethodSource("clients")
    @DisplayName("H3: two serve instances sharing one Redis hold one sign-in limit, and no account name is stored in clear")
    void twoInstancesShareTheSignInLimit(String client, @TempDir Path dir) throws Exception {
        Path kek = dir.resolve("kek.json");
        Path keyring = dir.resolve("keyring.json");
        assertThat(keyset("generate-kek", kek.toString())).isZero();
        assertThat(keyset("generate", "--kek", kek.toString(), keyring.toString())).isZero();
        String[] options = {"--redis", null, "--client", client, "--keyset", keyring.toString(), "--kek", kek.toString()};
        try (RedisServer redis = RedisServer.startDefault()) {
            options[1] = redis.uri();
            try (RunningApp first = RunningApp.withUsers(options); RunningApp second = RunningApp.withUsers(options)) {
                assertThat(first.out()).contains("counted in Redis, shared by every instance on it");
                ApiClient onFirst = first.client("first instance");
                ApiClient onSecond = second.client("second instance");
                onFirst.session();
                onSecond.session();
                for (int i = 0; i < 5; i++) {
                    ApiClient via = i % 2 == 0 ? onFirst : onSecond;
                    assertThat(via.login("alice", "wrong-" + i).status()).as("failure %d", i + 1).isEqualTo(401);
                }

                for (ApiClient via : List.of(onFirst, onSecond)) {
                    Reply locked = via.login("alice", ALICE_PASSWORD);
                    assertThat(locked.status()).isEqualTo(429);
                    assertThat(locked.header("retry-after")).matches("[0-9]+");
                }
                try (RespConnection resp = RespConnection.to(redis)) {
                    List<String> counts = resp.scan("ss:t:*");
                    assertThat(counts).hasSize(2);
                    for (String key : counts) {
                        assertThat(key + new String((byte[]) resp.call("GET", key), StandardCharsets.ISO_8859_1))
                                .doesNotContain("alice").doesNotContain("127.0.0.1");
                        assertThat(resp.callLong("PTTL", key)).isPositive();
                    }
                }
            }
        }
    }

    private static int keyset(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "keyset";
        System.arraycopy(args, 0, all, 1, args.length);
        return Main.run(all, CliEnvironment.of(Map.of()), new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    }

    private static Reply awaitStatus(ApiClient client, int status, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Reply reply = client.get("/api/session");
        while (reply.status() != status && System.nanoTime() < deadline) {
            Thread.sleep(100);
            reply = client.get("/api/session");
        }
        assertThat(reply.status()).as("GET /api/session within %s: %s", timeout, reply).isEqualTo(status);
        return reply;
    }
}

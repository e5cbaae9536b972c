package io.sealedsession.cli.serve;

import static io.sealedsession.cli.serve.RunningApp.ALICE_PASSWORD;
import static io.sealedsession.cli.serve.RunningApp.BOB_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.sealedsession.cli.serve.ApiClient.Reply;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * H1, H2, H3 on {@code serve} with its in-memory store: bad input answers 400 naming the field,
 * sign-ins are throttled per account and per address, failures are logged escaped, and expired
 * sessions leave memory. Each test runs its own app, so counts never leak between tests.
 */
class ServeHardeningTest {

    private static String login(String user, String password) {
        return "{\"user\":\"" + user + "\",\"password\":\"" + password + "\"}";
    }

    /** Signs in {@code times} times with wrong passwords; each gets 401. */
    private static void failSignIns(ApiClient client, String user, int times) {
        for (int i = 0; i < times; i++) {
            assertThat(client.post("/api/login", login(user, "wrong-" + i)).status()).as("failure %d", i + 1).isEqualTo(401);
        }
    }

    @Test
    @DisplayName("H1: a note holding an unpaired surrogate gets 400 naming the field and the rule, never a 500 naming an exception")
    void unpairedSurrogateIsA400() throws Exception {
        try (RunningApp app = RunningApp.withUsers()) {
            ApiClient client = app.client("ServeHardeningTest");
            client.session();

            // The JSON text escapes half a character: valid JSON, no valid string.
            for (String body : List.of("{\"text\":\"\\ud800\"}", "{\"text\":\"ok \\udc00 then\"}", "{\"text\":\"\\ud83d\"}")) {
                Reply reply = client.post("/api/notes", body);

                assertThat(reply.status()).as(body).isEqualTo(400);
                assertThat(reply.header("content-type")).startsWith("application/json");
                assertThat(reply.error()).as(body).contains("\"text\"").contains("unpaired surrogate");
                assertThat(reply.body()).doesNotContain("Exception").doesNotContain("io.sealedsession");
            }
            Reply user = client.post("/api/login", "{\"user\":\"\\udfff\",\"password\":\"x\"}");
            assertThat(user.status()).isEqualTo(400);
            assertThat(user.error()).contains("\"user\"");
            assertThat(client.post("/api/notes", "{\"text\":\"a pair is fine: \\ud83d\\ude00\"}").status()).isEqualTo(201);
        }
    }

    @Test
    @DisplayName("H3: after 5 wrong passwords the next sign-in gets 429 with Retry-After, even with the right password, and no password is hashed")
    void fiveFailuresLockTheAccount() throws Exception {
        try (RunningApp app = RunningApp.withUsers()) {
            ApiClient attacker = app.client("guesser");
            attacker.session();
            failSignIns(attacker, "alice", 5);
            long checks = app.passwordChecks();

            for (String password : List.of("guess-6", ALICE_PASSWORD)) {
                Reply locked = attacker.post("/api/login", login("alice", password));
                assertThat(locked.status()).isEqualTo(429);
                assertThat(Long.parseLong(locked.header("retry-after"))).isBetween(890L, 900L);
                assertThat(locked.error()).contains("too many failed sign-ins");
                assertThat(locked.header("cache-control")).isEqualTo("no-store");
            }
            assertThat(app.passwordChecks()).as("no PBKDF2 while locked").isEqualTo(checks);
        }
    }

    @Test
    @DisplayName("H3: a locked account and a locked address leave other accounts and other addresses alone")
    void otherAccountsAndAddressesAreUnaffected() throws Exception {
        try (RunningApp app = RunningApp.withUsers()) {
            ApiClient here = app.client("127.0.0.1");
            here.session();
            failSignIns(here, "alice", 5);
            OtherAddressClient elsewhere = new OtherAddressClient(app.uri(), "127.0.0.2");

            assertThat(elsewhere.login("bob", BOB_PASSWORD).status()).as("another account, another address").isEqualTo(200);
            OtherAddressClient.Reply aliceElsewhere = new OtherAddressClient(app.uri(), "127.0.0.2").login("alice", ALICE_PASSWORD);
            assertThat(aliceElsewhere.status()).as("the account is locked from any address").isEqualTo(429);
            assertThat(aliceElsewhere.retryAfter()).isNotNull();
            assertThat(here.post("/api/login", login("bob", BOB_PASSWORD)).status())
                    .as("the address that failed five times is locked for every account").isEqualTo(429);
        }
    }

    @Test
    @DisplayName("H3: a success resets the account: four failures, a sign-in, four more failures, and the account is still open")
    void successResetsTheAccount() throws Exception {
        try (RunningApp app = RunningApp.withUsers()) {
            ApiClient client = app.client("forgetful");
            client.session();
            failSignIns(client, "alice", 4);
            client.signIn("alice", ALICE_PASSWORD);

            OtherAddressClient other = new OtherAddressClient(app.uri(), "127.0.0.3");
            for (int i = 0; i < 4; i++) {
                assertThat(other.login("alice", "typo-again-" + i).status()).isEqualTo(401);
            }
            assertThat(other.login("alice", ALICE_PASSWORD).status()).isEqualTo(200);
        }
    }

    @Test
    @DisplayName("H3: every failed sign-in is a log line with the account name escaped and never the password")
    void failuresAreLoggedEscaped() throws Exception {
        Logger audit = (Logger) LoggerFactory.getLogger("io.sealedsession.audit");
        Level before = audit.getLevel();
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        audit.addAppender(lines);
        audit.setLevel(Level.INFO);
        try (RunningApp app = RunningApp.withUsers()) {
            ApiClient client = app.client("log-forger");
            client.session();
            Reply reply = client.post("/api/login", login("eve\\r\\n12:00:00.000 INFO AUTHENTICATED principal=admin",
                    "hunter2-secret"));
            assertThat(reply.status()).isEqualTo(401);
        } finally {
            audit.detachAppender(lines);
            audit.setLevel(before);
        }

        List<String> failures = lines.list.stream().filter(line -> line.getFormattedMessage().startsWith("SIGN_IN_FAILED"))
                .map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(failures).singleElement().asString()
                .contains("principal=eve\\r\\n12:00:00.000 INFO AUTHENTICATED principal=admin")
                .doesNotContain("\n").doesNotContain("\r");
        assertThat(lines.list).allSatisfy(line -> assertThat(line.getFormattedMessage()).doesNotContain("hunter2-secret"));
        assertThat(lines.list).filteredOn(line -> line.getFormattedMessage().startsWith("SIGN_IN_FAILED"))
                .allSatisfy(line -> assertThat(line.getLevel()).isEqualTo(Level.WARN));
    }

    @Test
    @DisplayName("H2: serve --idle PT2S does not keep the sessions of anonymous requests once they expired")
    void expiredAnonymousSessionsLeaveMemory() throws Exception {
        try (RunningApp app = RunningApp.withUsers("--idle", "PT2S")) {
            // Past 1,024 records a create sweeps whenever the store has doubled since the last sweep.
            for (int i = 0; i < 1_100; i++) {
                assertThat(app.client("crawler").get("/api/session").status()).isEqualTo(200);
            }
            Thread.sleep(Duration.ofMillis(2_500).toMillis()); // every one of them is past its idle timeout now
            for (int i = 0; i < 1_100; i++) {
                app.client("crawler").get("/api/session");
            }

            assertThat(app.heldSessions()).as("sessions held after 2,200 anonymous requests").isLessThanOrEqualTo(1_100);
        }
    }
}

package io.sealedsession.cli.serve;

import static io.sealedsession.cli.serve.RunningApp.ALICE_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import io.sealedsession.cli.CliRun;
import io.sealedsession.tests.redis.RedisServer;
import io.sealedsession.tests.redis.RespConnection;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requirement H6 end to end: {@code serve} on Redis with a keyring file, a signed-in browser,
 * then {@code keyset emergency-rotate} while Redis is unreachable and a restart of {@code serve}
 * with the rotated keyring. The old cookie opens nothing, although Redis still holds its record
 * byte for byte, and writing that record back (what an attacker with write access would do)
 * opens nothing either.
 */
class EmergencyRotationTest {

    @Test
    @DisplayName("H6: emergency-rotate, then a restart, ends every session; Redis is neither needed nor trusted")
    void emergencyRotationEndsEverySession(@TempDir Path dir) throws Exception {
        Path kek = dir.resolve("kek.json");
        Path keyring = dir.resolve("keyring.json");
        assertThat(CliRun.of("keyset", "generate-kek", kek.toString()).exitCode()).isZero();
        assertThat(CliRun.of("keyset", "generate", "--kek", kek.toString(), keyring.toString()).exitCode()).isZero();

        try (RedisServer redis = RedisServer.startDefault()) {
            String[] serve = {"--redis", redis.uri(), "--keyset", keyring.toString(), "--kek", kek.toString()};
            String cookie;
            String recordKey;
            byte[] record;
            try (RunningApp app = RunningApp.withUsers(serve)) {
                ApiClient browser = app.client("Alice's laptop");
                browser.signIn("alice", ALICE_PASSWORD);
                assertThat(browser.post("/api/notes", "{\"text\":\"before the incident\"}").status()).isEqualTo(201);
                cookie = browser.cookie();
                try (RespConnection resp = RespConnection.to(redis)) {
                    // The signed-in record, and the tombstone of the anonymous one the sign-in rotated away from.
                    recordKey = "ss:s:{" + io.sealedsession.core.SessionToken.parse(cookie).orElseThrow().key().value() + "}";
                    List<String> records = resp.scan("ss:s:*");
                    assertThat(records).hasSize(2).contains(recordKey);
                    record = (byte[]) resp.call("GET", recordKey);
                }
            }
            // Control: a plain restart keeps the session, so what follows is the rotation's doing.
            try (RunningApp app = RunningApp.withUsers(serve)) {
                ApiClient browser = app.client("Alice's laptop");
                browser.useCookie(cookie);
                assertThat(browser.session().get("user").getAsString()).isEqualTo("alice");
            }

            redis.pause(); // unreachable while the keys are rotated: the rotation does not talk to it
            CliRun rotate;
            try {
                rotate = CliRun.of("keyset", "emergency-rotate", "--kek", kek.toString(), keyring.toString());
            } finally {
                redis.resume();
            }
            assertThat(rotate.exitCode()).as("%s", rotate).isZero();

            try (RunningApp app = RunningApp.withUsers(serve);
                 RespConnection resp = RespConnection.to(redis)) {
                assertThat((byte[]) resp.call("GET", recordKey)).as("Redis still holds the old record, untouched")
                        .isEqualTo(record);

                ApiClient stolen = app.client("Alice's laptop");
                stolen.useCookie(cookie);
                assertThat(stolen.session().get("authenticated").getAsBoolean()).isFalse();
                assertThat(stolen.cookie()).as("a fresh token, not the old one adopted").isNotEqualTo(cookie);
                stolen.useCookie(cookie);
                assertThat(stolen.get("/api/sessions").status()).as("nothing only a signed-in user may see").isEqualTo(401);

                // An attacker writes the old record back under its key: it still opens nothing.
                resp.call("SET", recordKey, record, "PX", "600000");
                stolen.useCookie(cookie);
                assertThat(stolen.session().get("authenticated").getAsBoolean()).isFalse();

                // The application works on: a new sign-in gets a session sealed with the new key.
                ApiClient again = app.client("Alice's laptop");
                again.signIn("alice", ALICE_PASSWORD);
                assertThat(again.session().get("user").getAsString()).isEqualTo("alice");
            }
        }
    }
}

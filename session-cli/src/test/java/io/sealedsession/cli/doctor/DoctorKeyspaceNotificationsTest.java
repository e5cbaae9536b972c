package io.sealedsession.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedsession.cli.CliRun;
import io.sealedsession.tests.redis.RedisServer;
import io.sealedsession.tests.redis.RespConnection;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code doctor --expiry-watcher} checks that Redis reports expired keys; without the option it does not look. */
class DoctorKeyspaceNotificationsTest {

    private static RedisServer redis;

    @BeforeAll
    static void start() {
        redis = RedisServer.builder().start();
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    private static void notify(String value) {
        try (RespConnection admin = RespConnection.to(redis)) {
            admin.call("CONFIG", "SET", "notify-keyspace-events", value);
        }
    }

    @Test
    @DisplayName("doctor: with the expiry watcher on and no keyspace notifications, WARNING naming the setting and the fix")
    void warnsWithoutNotifications() {
        notify("");
        CliRun run = CliRun.of("doctor", redis.uri(), "--client", "lettuce", "--expiry-watcher", "--json");
        Map<String, String> severities = DoctorOutput.severities(run.out());
        assertThat(severities).as("%s", run).containsEntry("keyspace-notifications", "WARNING");
        assertThat(DoctorOutput.finding(run.out(), "keyspace-notifications")).contains("notify-keyspace-events is ''");
        assertThat(run.out()).contains("CONFIG SET notify-keyspace-events Ex");

        notify("Kg"); // notifications, but not of expired keys
        assertThat(DoctorOutput.severities(CliRun.of("doctor", redis.uri(), "--client", "jedis", "--expiry-watcher", "--json").out()))
                .containsEntry("keyspace-notifications", "WARNING");
    }

    @Test
    @DisplayName("doctor: with the expiry watcher on and expired-key notifications on, OK")
    void okWithNotifications() {
        notify("Ex");
        CliRun run = CliRun.of("doctor", redis.uri(), "--client", "lettuce", "--expiry-watcher", "--json");
        assertThat(DoctorOutput.severities(run.out())).as("%s", run).containsEntry("keyspace-notifications", "OK");
        notify("AKE");
        assertThat(DoctorOutput.severities(CliRun.of("doctor", redis.uri(), "--client", "redisson", "--expiry-watcher", "--json").out()))
                .containsEntry("keyspace-notifications", "OK");
    }

    @Test
    @DisplayName("doctor: the expiry watcher's claim keys are known shapes, not unsealed values")
    void claimKeysAreKnown() {
        String claim = "ss:e:{" + "c".repeat(43) + "}";
        String junk = "ss:e:{" + "d".repeat(43) + "}";
        try (RespConnection admin = RespConnection.to(redis)) {
            admin.call("SET", claim, "1", "PX", "60000");
            CliRun run = CliRun.of("doctor", redis.uri(), "--client", "lettuce", "--json");
            assertThat(DoctorOutput.severities(run.out())).as("%s", run).containsEntry("keys-sealed", "OK");
            admin.call("SET", junk, "{\"user\":\"alice\"}", "PX", "60000");
            CliRun flagged = CliRun.of("doctor", redis.uri(), "--client", "lettuce", "--json");
            assertThat(DoctorOutput.severities(flagged.out())).as("%s", flagged).containsEntry("keys-sealed", "CRITICAL");
            assertThat(DoctorOutput.finding(flagged.out(), "keys-sealed")).contains(junk).doesNotContain(claim);
        } finally {
            try (RespConnection admin = RespConnection.to(redis)) {
                admin.call("FLUSHALL");
            }
        }
    }

    @Test
    @DisplayName("doctor: without --expiry-watcher there is no keyspace-notifications finding")
    void silentWithoutTheOption() {
        notify("");
        CliRun run = CliRun.of("doctor", redis.uri(), "--client", "lettuce", "--json");
        assertThat(DoctorOutput.severities(run.out())).as("%s", run).doesNotContainKey("keyspace-notifications").isNotEmpty();
    }
}

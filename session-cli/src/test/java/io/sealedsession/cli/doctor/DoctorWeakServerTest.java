package io.sealedsession.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedsession.cli.CliRun;
import io.sealedsession.cli.doctor.DoctorOutput.Row;
import io.sealedsession.core.SessionKey;
import io.sealedsession.core.port.PrincipalKey;
import io.sealedsession.crypto.SessionKeyring;
import io.sealedsession.redis.RedisSessionStore;
import io.sealedsession.redis.RedisSessionStores;
import io.sealedsession.redis.RedisStoreConfig;
import io.sealedsession.tests.redis.RedisServer;
import io.sealedsession.tests.redis.RespConnection;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code doctor} against a deliberately weak {@code redis-server}: the default user without a
 * password, protected mode off with a non-loopback address in {@code bind}, no TLS, persistence on,
 * an evicting policy, DEBUG enabled, a MONITOR client attached, a session key without TTL and an
 * unsealed value under the namespace. Each weakness must appear with its severity, and the exit
 * code must be 2.
 *
 * <p>The non-loopback address is 203.0.113.7 (TEST-NET-3, assigned to no machine) marked optional
 * with {@code -}: {@code CONFIG GET bind} reports it, but Redis cannot bind it and listens on
 * 127.0.0.1 only, so this password-less server is never reachable from the network.
 */
class DoctorWeakServerTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    private static RedisServer redis;
    private static RespConnection monitor;
    private static String persistedKey;
    private static String cleartextKey;

    @BeforeAll
    static void weakRedis() {
        redis = RedisServer.builder().config(
                        "bind 127.0.0.1 -203.0.113.7",
                        "protected-mode no",
                        "save 3600 1",
                        "appendonly yes",
                        "maxmemory-policy allkeys-lru",
                        "enable-debug-command yes")
                .start();

        // A real session, written by the store with its TTL, then made permanent by hand.
        SessionKey persisted = sessionKey();
        try (RedisSessionStore store = RedisSessionStores.open(RedisStoreConfig.custom().uri(redis.uri()).client("lettuce").build())) {
            byte[] sealed = SessionKeyring.generate().sealer().seal("a session".getBytes(StandardCharsets.UTF_8), new byte[] {1});
            store.create(persisted, sealed, Duration.ofMinutes(30));
            store.index(new PrincipalKey(base64url(32)), persisted, Instant.now().plus(Duration.ofHours(8)), Instant.now());
        }
        persistedKey = "ss:s:{" + persisted.value() + "}";
        cleartextKey = "ss:s:{" + sessionKey().value() + "}";
        try (RespConnection admin = RespConnection.to(redis)) {
            admin.call("PERSIST", persistedKey);
            // What an unencrypted session store would leave: readable attributes, with a TTL.
            admin.call("SET", cleartextKey, "{\"user\":\"alice\",\"roles\":[\"admin\"],\"csrf\":\"q2V9-Lx0\",\"createdAt\":1764300000}", "PX", "600000");
        }
        monitor = RespConnection.to(redis);
        assertThat(monitor.call("MONITOR")).isEqualTo("OK");
    }

    @AfterAll
    static void stop() {
        monitor.close();
        redis.close();
    }

    static List<String> clients() {
        return List.of("lettuce", "jedis", "redisson");
    }

    /** Check id to the severity it must have on this server. */
    private static Map<String, String> expected() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("default-user", "CRITICAL");
        expected.put("connected-user", "WARNING");
        expected.put("user-rights", "WARNING");
        expected.put("nopass-users", "CRITICAL");
        expected.put("protected-mode", "CRITICAL");
        expected.put("tls", "CRITICAL");
        expected.put("replication-tls", "OK");
        expected.put("debug-command", "WARNING");
        expected.put("module-command", "OK");
        expected.put("persistence", "INFO");
        expected.put("eviction", "WARNING");
        expected.put("monitor", "WARNING");
        expected.put("version", VersionFloors.check(serverVersion()).severity().name());
        expected.put("keys-ttl", "WARNING");
        expected.put("keys-sealed", "CRITICAL");
        return expected;
    }

    @ParameterizedTest(name = "--client {0}")
    @MethodSource("clients")
    @DisplayName("the table shows every weakness with its severity, why and fix; exit 2")
    void table(String client) {
        CliRun run = CliRun.of("doctor", redis.uri(), "--client", client);

        assertThat(run.exitCode()).as("%s", run).isEqualTo(DoctorCommand.CRITICAL_FOUND);
        assertThat(run.err()).isEmpty();
        String out = run.out();
        assertThat(out).startsWith("Sealed Sessions doctor: " + redis.uri() + " via " + client + ", namespace ss")
                .contains("SEVERITY  FINDING")
                .contains("WHY IT MATTERS")
                .contains("HOW TO FIX")
                .contains("Exit code 2: at least one finding is CRITICAL.");
        List<Row> rows = DoctorOutput.tableRows(out);
        assertThat(rows).as(out).hasSize(expected().size());
        assertThat(rows.get(0).severity()).as("most serious first").isEqualTo("CRITICAL");
        assertThat(rows.get(rows.size() - 1).severity()).isEqualTo("OK");
        assertRow(rows, "CRITICAL", "The default user is enabled and takes");
        assertRow(rows, "CRITICAL", "1 enabled user takes no password");
        assertRow(rows, "CRITICAL", "protected-mode is off and Redis");
        assertRow(rows, "CRITICAL", "Redis has no TLS port: it speaks");
        assertRow(rows, "CRITICAL", "1 of 3 keys under ss:* do not hold");
        assertRow(rows, "WARNING", "Doctor is connected as the default");
        assertRow(rows, "WARNING", "User 'default' (the one doctor");
        assertRow(rows, "WARNING", "enable-debug-command is yes: DEBUG");
        assertRow(rows, "WARNING", "maxmemory-policy is allkeys-lru");
        assertRow(rows, "WARNING", "1 client is running MONITOR: id");
        assertRow(rows, "WARNING", "1 of 3 keys under ss:* have no TTL:");
        assertRow(rows, "INFO", "Persistence is on (RDB save rules");
        assertRow(rows, "OK", "enable-module-command is no.");
        assertRow(rows, "OK", "No replication and no cluster bus");
    }

    @ParameterizedTest(name = "--client {0}")
    @MethodSource("clients")
    @DisplayName("--json prints one JSON array with the same findings and severities; exit 2")
    void json(String client) {
        CliRun table = CliRun.of("doctor", redis.uri(), "--client", client);
        CliRun json = CliRun.of("doctor", redis.uri(), "--client", client, "--json");

        assertThat(json.exitCode()).as("%s", json).isEqualTo(DoctorCommand.CRITICAL_FOUND);
        assertThat(DoctorOutput.severities(json.out())).containsExactlyInAnyOrderEntriesOf(expected());
        assertThat(DoctorOutput.json(json.out())).allSatisfy(finding -> assertThat(finding.keySet())
                .containsExactly("check", "severity", "finding", "why", "fix"));
        assertThat(DoctorOutput.json(json.out()).stream().map(f -> f.get("severity").getAsString()).toList())
                .as("the same findings, in the same order, as the table")
                .isEqualTo(DoctorOutput.tableRows(table.out()).stream().map(Row::severity).toList());

        assertThat(DoctorOutput.finding(json.out(), "keys-ttl")).contains(persistedKey);
        assertThat(DoctorOutput.finding(json.out(), "keys-sealed")).contains(cleartextKey)
                .contains("byte 9 is not the prefix 0x01")
                .doesNotContain("alice");
        assertThat(DoctorOutput.finding(json.out(), "protected-mode")).contains("-203.0.113.7")
                .contains("while the default user takes no password");
        assertThat(DoctorOutput.finding(json.out(), "monitor")).contains("as user default");
        assertThat(DoctorOutput.finding(json.out(), "persistence")).contains("RDB save rules '3600 1'").contains("appendonly yes");
        assertThat(DoctorOutput.json(json.out())).filteredOn(f -> f.get("check").getAsString().equals("persistence"))
                .singleElement().satisfies(f -> assertThat(f.get("why").getAsString()).contains("only because records are sealed"));
    }

    /** A row with this severity whose finding starts with {@code start}, as a reader sees it. */
    private static void assertRow(List<Row> rows, String severity, String start) {
        assertThat(rows).as("a %s row starting '%s'", severity, start)
                .anySatisfy(row -> {
                    assertThat(row.severity()).isEqualTo(severity);
                    assertThat(row.findingStart()).startsWith(start);
                });
    }

    private static String serverVersion() {
        try (RespConnection admin = RespConnection.to(redis)) {
            String info = new String((byte[]) admin.call("INFO", "server"), StandardCharsets.UTF_8);
            return info.lines().filter(l -> l.startsWith("redis_version:")).findFirst().orElseThrow().substring(14).trim();
        }
    }

    private static SessionKey sessionKey() {
        return new SessionKey(base64url(32));
    }

    private static String base64url(int bytes) {
        byte[] raw = new byte[bytes];
        RANDOM.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }
}

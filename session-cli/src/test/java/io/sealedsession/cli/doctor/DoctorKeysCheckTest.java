package io.sealedsession.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedsession.cli.doctor.CheckRuns.Login;
import io.sealedsession.core.SessionKey;
import io.sealedsession.core.port.PrincipalKey;
import io.sealedsession.crypto.SessionKeyring;
import io.sealedsession.redis.RedisSessionStore;
import io.sealedsession.redis.RedisSessionStores;
import io.sealedsession.redis.RedisStoreConfig;
import io.sealedsession.tests.redis.RespConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code keys} check alone against a real {@code redis-server}: what the store writes passes,
 * and each thing that does not belong under the namespace is named by its key and its shape,
 * never by its value.
 */
class DoctorKeysCheckTest {

    private static final String PASSWORD = CheckRuns.password();
    private static final String SESSION_KEY = CheckRuns.base64url(32);

    @RegisterExtension
    static final CheckRuns.Server REDIS = new CheckRuns.Server(CheckRuns.blindUser(PASSWORD));

    private final DoctorCheck check = new KeysCheck();

    @AfterEach
    void flush() {
        admin(c -> c.call("FLUSHALL"));
    }

    private static void admin(Function<RespConnection, Object> commands) {
        try (RespConnection connection = RespConnection.to(REDIS.get())) {
            commands.apply(connection);
        }
    }

    /** Check id to finding, for a check that makes several. */
    private Map<String, Finding> findings(Login login) {
        return CheckRuns.run(check, REDIS.get(), login).stream().collect(Collectors.toMap(Finding::check, f -> f));
    }

    @Test
    @DisplayName("no keys under the namespace: one INFO finding asking whether the namespace is right")
    void empty() {
        Finding finding = CheckRuns.single(check, REDIS.get(), Login.anonymous());

        assertThat(finding.severity()).isEqualTo(Severity.INFO);
        assertThat(finding.finding()).isEqualTo("No keys under ss:*: nothing to examine. Is the namespace right"
                + " (--namespace)?");
    }

    @Test
    @DisplayName("what the store writes, and a lock, a sign-in count and an expiry claim: OK for TTL and shape")
    void storeKeysPass() {
        try (RedisSessionStore store = RedisSessionStores.open(RedisStoreConfig.custom().uri(REDIS.get().uri()).client("lettuce")
                .build())) {
            SessionKey key = new SessionKey(SESSION_KEY);
            byte[] sealed = SessionKeyring.generate().sealer().seal("a session".getBytes(StandardCharsets.UTF_8),
                    new byte[] {1});
            store.create(key, sealed, Duration.ofMinutes(30));
            store.index(new PrincipalKey(CheckRuns.base64url(32)), key, Instant.now().plus(Duration.ofHours(8)), Instant.now());
        }
        admin(c -> {
            c.call("SET", "ss:l:{" + SESSION_KEY + "}", CheckRuns.base64url(32), "PX", "60000");
            c.call("SET", "ss:t:{" + CheckRuns.base64url(32) + "}", "3:1767225600000", "PX", "60000");
            return c.call("SET", "ss:e:{" + SESSION_KEY + "}", "1", "PX", "60000");
        });

        Map<String, Finding> findings = findings(Login.anonymous());

        assertThat(findings).containsOnlyKeys("keys-ttl", "keys-sealed");
        assertThat(findings.get("keys-ttl").severity()).isEqualTo(Severity.OK);
        assertThat(findings.get("keys-ttl").finding()).isEqualTo("All 5 keys under ss:* have a TTL.");
        assertThat(findings.get("keys-sealed").severity()).isEqualTo(Severity.OK);
        assertThat(findings.get("keys-sealed").finding()).startsWith("All 5 keys under ss:* are sealed records");
    }

    static Stream<Arguments> misfits() {
        String record = "ss:s:{" + SESSION_KEY + "}";
        String index = "ss:p:{" + CheckRuns.base64url(32) + "}";
        return Stream.of(
                Arguments.of(record, List.of("SET", record, "{\"user\":\"alice\",\"roles\":[\"admin\"],\"csrf\":\"q2V9-Lx0\"}"),
                        "no Tink ciphertext after the version frame (byte 9 is not the prefix 0x01)"),
                Arguments.of(record, List.of("HSET", record, "user", "alice"), "a hash where a sealed record belongs"),
                Arguments.of(index, List.of("ZADD", index, "1", "alice"), "an index member that is not a session key"),
                Arguments.of(index, List.of("SET", index, "alice"), "a string where a principal index (sorted set) belongs"),
                Arguments.of("ss:l:{" + SESSION_KEY + "}", List.of("SET", "ss:l:{" + SESSION_KEY + "}", "alice"),
                        "5 bytes that are not a fencing token"),
                Arguments.of("ss:t:{abc}", List.of("SET", "ss:t:{abc}", "alice:3"), "7 bytes that are not a sign-in count"),
                Arguments.of("ss:t:{abc}", List.of("RPUSH", "ss:t:{abc}", "1"), "a list where a sign-in count belongs"),
                Arguments.of("ss:e:{" + SESSION_KEY + "}", List.of("SET", "ss:e:{" + SESSION_KEY + "}", "yes"),
                        "3 bytes that are not an expiry watcher's claim"),
                Arguments.of("ss:user:alice", List.of("SET", "ss:user:alice", "x"),
                        "a string under a name Sealed Sessions does not use"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("misfits")
    @DisplayName("a key that does not hold what its name says: CRITICAL, naming the key and the shape, not the value")
    void misfit(String key, List<String> write, String problem) {
        admin(c -> {
            c.call(write.toArray());
            return c.call("PEXPIRE", key, "60000");
        });

        Map<String, Finding> findings = findings(Login.anonymous());

        Finding sealed = findings.get("keys-sealed");
        assertThat(sealed.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(sealed.finding()).isEqualTo("1 of 1 keys under ss:* do not hold sealed records: " + key + " (" + problem
                + ").");
        assertThat(sealed.finding()).doesNotContain("admin");
        assertThat(findings.get("keys-ttl").severity()).isEqualTo(Severity.OK);
    }

    @Test
    @DisplayName("a key without a TTL: WARNING naming it; more keys than --max-keys: INFO saying so")
    void ttlAndLimit() {
        String permanent = "ss:l:{" + SESSION_KEY + "}";
        admin(c -> {
            c.call("SET", permanent, CheckRuns.base64url(32));
            c.call("SET", "ss:l:{" + CheckRuns.base64url(32) + "}", CheckRuns.base64url(32), "PX", "60000");
            return c.call("SET", "ss:l:{" + CheckRuns.base64url(32) + "}", CheckRuns.base64url(32), "PX", "60000");
        });

        Map<String, Finding> all = findings(Login.anonymous());
        Map<String, Finding> some = findings(Login.anonymous().examiningAtMost(2));

        assertThat(all).containsOnlyKeys("keys-ttl", "keys-sealed");
        assertThat(all.get("keys-ttl").severity()).isEqualTo(Severity.WARNING);
        assertThat(all.get("keys-ttl").finding()).isEqualTo("1 of 3 keys under ss:* have no TTL: " + permanent + ".");
        assertThat(some).containsKey("keys-limit");
        assertThat(some.get("keys-limit").severity()).isEqualTo(Severity.INFO);
        assertThat(some.get("keys-limit").finding()).isEqualTo("Only the first 2 keys under ss:* were examined"
                + " (--max-keys); there are more.");
    }

    @Test
    @DisplayName("SCAN refused: UNKNOWN, naming the read access the check needs")
    void refused() {
        Finding finding = CheckRuns.assertUnknown(check, REDIS.get(), Login.as("blind", PASSWORD), "%R~ss:*");

        assertThat(finding.finding()).isEqualTo("Could not check the keys under ss:*: the user doctor connects as may not"
                + " run SCAN (NOPERM).");
    }
}

package io.sealedsession.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedsession.cli.CliRun;
import io.sealedsession.cli.doctor.DoctorOutput.Row;
import io.sealedsession.core.SessionKey;
import io.sealedsession.core.port.PrincipalKey;
import io.sealedsession.crypto.SessionKeyring;
import io.sealedsession.redis.RedisCommandExecutor;
import io.sealedsession.redis.RedisReply;
import io.sealedsession.redis.RedisSessionStore;
import io.sealedsession.redis.RedisSessionStores;
import io.sealedsession.redis.RedisStoreConfig;
import io.sealedsession.redis.ScriptingMode;
import io.sealedsession.tests.redis.RedisServer;
import io.sealedsession.tests.redis.RespConnection;
import io.sealedsession.tests.redis.TlsMaterial;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code doctor} against a hardened {@code redis-server}: TLS only (mutual, {@code port 0}), the
 * default user disabled, the application on a least-privilege ACL user, {@code noeviction}, no
 * persistence, and one real session under the namespace. Nothing may be critical and the exit code
 * is 0, on every client.
 *
 * <p>Doctor runs as the {@code doctor} user recommended in {@code session-cli/README.md}: read-only
 * diagnostics plus read access to the session keys, and audits the application's user with
 * {@code --app-user}. Run as the application's user instead, which may run none of the
 * diagnostics, every check that needs them is UNKNOWN, never CRITICAL, and the exit code is still 0.
 *
 * <p>The fixture checks readiness on a plaintext port, so the server starts with one and closes it
 * with {@code CONFIG SET port 0} before any test runs; the test proves it is closed.
 */
class DoctorHardenedServerTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ADMIN_PASSWORD = secret();
    private static final String APP_PASSWORD = secret();
    private static final String DOCTOR_PASSWORD = secret();

    /** The diagnostics of the recommended doctor user (README), all read-only. */
    static final List<String> DOCTOR_COMMANDS = List.of("info", "config|get", "acl|whoami", "acl|getuser", "acl|list", "client|list",
            "scan", "type", "pttl", "get", "zrange");

    private static Path dir;
    private static TlsMaterial tls;
    private static RedisServer redis;

    @BeforeAll
    static void hardenedRedis() throws IOException {
        dir = Files.createTempDirectory("sealed-sessions-doctor-");
        tls = TlsMaterial.generate(dir);
        List<String> config = new ArrayList<>(tls.serverConfig());
        config.add("maxmemory-policy noeviction");
        config.add("user default off");
        config.add("user admin on >" + ADMIN_PASSWORD + " ~* &* +@all");
        config.add("user sessions on >" + APP_PASSWORD + " resetkeys ~ss:* resetchannels -@all "
                + plus(RedisSessionStore.requiredCommands(ScriptingMode.SCRIPTS)));
        config.add("user doctor on >" + DOCTOR_PASSWORD + " resetkeys %R~ss:* resetchannels -@all " + plus(DOCTOR_COMMANDS));
        redis = RedisServer.builder().tlsPort().config(config.toArray(String[]::new)).start();
        try (RespConnection admin = RespConnection.to(redis)) {
            admin.call("AUTH", "admin", ADMIN_PASSWORD);
            admin.call("CONFIG", "SET", "port", "0");
        }

        try (RedisSessionStore store = RedisSessionStores.open(RedisStoreConfig.custom()
                .uri("rediss://localhost:" + redis.tlsPort())
                .client("lettuce")
                .credentials("sessions", APP_PASSWORD.toCharArray())
                .trustStore(tls.trustStore(), tls.storePassword().toCharArray())
                .keyStore(tls.clientKeyStore(), tls.storePassword().toCharArray())
                .build())) {
            SessionKey key = new SessionKey(base64url(32));
            byte[] sealed = SessionKeyring.generate().sealer().seal("a session".getBytes(StandardCharsets.UTF_8), new byte[] {1});
            store.create(key, sealed, Duration.ofMinutes(30));
            store.index(new PrincipalKey(base64url(32)), key, Instant.now().plus(Duration.ofHours(8)), Instant.now());
        }
    }

    @AfterAll
    static void stop() throws IOException {
        redis.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static List<String> clients() {
        return List.of("lettuce", "jedis", "redisson");
    }

    private static CliRun doctor(String client, String user, String password, String... more) {
        List<String> args = new ArrayList<>(List.of("doctor", "rediss://localhost:" + redis.tlsPort(), "--client", client,
                "--user", user,
                "--truststore", tls.trustStore().toString(), "--truststore-password", tls.storePassword(),
                "--keystore", tls.clientKeyStore().toString(), "--keystore-password", tls.storePassword()));
        args.addAll(List.of(more));
        // The password comes from the environment, as the README recommends.
        return CliRun.in(Map.of(DoctorCommand.PASSWORD_VARIABLE, password), args.toArray(String[]::new));
    }

    @ParameterizedTest(name = "--client {0}")
    @MethodSource("clients")
    @DisplayName("TLS only, default user off, least-privilege users, noeviction: nothing is critical, exit 0")
    void nothingCritical(String client) {
        CliRun run = doctor(client, "doctor", DOCTOR_PASSWORD, "--app-user", "sessions");

        assertThat(run.exitCode()).as("%s", run).isZero();
        assertThat(run.err()).isEmpty();
        List<Row> rows = DoctorOutput.tableRows(run.out());
        assertThat(rows).as(run.out()).isNotEmpty().noneMatch(row -> row.severity().equals("CRITICAL"));
        assertThat(run.out()).contains("Sealed Sessions doctor: rediss://localhost:" + redis.tlsPort() + " via " + client)
                .contains("Exit code 0: no finding is CRITICAL.")
                .doesNotContain(DOCTOR_PASSWORD).doesNotContain(APP_PASSWORD).doesNotContain(tls.storePassword());

        CliRun json = doctor(client, "doctor", DOCTOR_PASSWORD, "--app-user", "sessions", "--json");
        assertThat(json.exitCode()).as("%s", json).isZero();
        Map<String, String> severities = DoctorOutput.severities(json.out());
        assertThat(severities).containsEntry("default-user", "OK")
                .containsEntry("connected-user", "OK")
                .containsEntry("user-rights", "OK")
                .containsEntry("nopass-users", "OK")
                .containsEntry("protected-mode", "OK")
                .containsEntry("tls", "OK")
                .containsEntry("replication-tls", "OK")
                .containsEntry("debug-command", "OK")
                .containsEntry("module-command", "OK")
                .containsEntry("persistence", "OK")
                .containsEntry("eviction", "OK")
                .containsEntry("monitor", "OK")
                .containsEntry("keys-ttl", "OK")
                .containsEntry("keys-sealed", "OK")
                .containsEntry("version", VersionFloors.check(serverVersion()).severity().name());
        assertThat(DoctorOutput.finding(json.out(), "tls")).isEqualTo("Redis listens with TLS only (tls-port "
                + redis.tlsPort() + ", port 0).");
        assertThat(DoctorOutput.finding(json.out(), "user-rights")).startsWith("User 'sessions' is limited to the keys ~ss:*");
        assertThat(DoctorOutput.finding(json.out(), "keys-sealed")).startsWith("All 2 keys under ss:* are sealed records");
    }

    @ParameterizedTest(name = "--client {0}")
    @MethodSource("clients")
    @DisplayName("as the application's user, which may run no diagnostics: every such check is UNKNOWN with the reason, exit 0")
    void leastPrivilegeUserGetsUnknowns(String client) {
        CliRun run = doctor(client, "sessions", APP_PASSWORD, "--json");

        assertThat(run.exitCode()).as("%s", run).isZero();
        Map<String, String> severities = DoctorOutput.severities(run.out());
        assertThat(severities).containsEntry("connected-user", "OK");
        assertThat(severities).as("every other check needs a diagnostic the application's user may not run")
                .containsOnlyKeys("default-user", "connected-user", "user-rights", "nopass-users", "protected-mode", "tls", "replication-tls",
                        "debug-command", "module-command", "persistence", "eviction", "monitor", "version", "keys")
                .allSatisfy((check, severity) -> {
                    if (!check.equals("connected-user")) {
                        assertThat(severity).as(check).isEqualTo("UNKNOWN");
                    }
                });
        assertThat(DoctorOutput.finding(run.out(), "eviction"))
                .isEqualTo("Could not check maxmemory-policy: the user doctor connects as may not run CONFIG GET (NOPERM).");
        assertThat(DoctorOutput.finding(run.out(), "keys")).contains("may not run SCAN (NOPERM)");
        assertThat(DoctorOutput.finding(run.out(), "connected-user")).contains("'sessions'").contains("ACL WHOAMI was refused");
        assertThat(DoctorOutput.json(run.out())).filteredOn(f -> f.get("check").getAsString().equals("eviction"))
                .singleElement().satisfies(f -> assertThat(f.get("fix").getAsString()).contains("+config|get"));

        CliRun table = doctor(client, "sessions", APP_PASSWORD);
        assertThat(table.exitCode()).isZero();
        assertThat(DoctorOutput.tableRows(table.out())).filteredOn(row -> row.severity().equals("UNKNOWN"))
                .hasSize((int) severities.values().stream().filter("UNKNOWN"::equals).count());
    }

    @ParameterizedTest(name = "--client {0}")
    @MethodSource("clients")
    @DisplayName("without credentials the server wants a login (NOAUTH): exit 1 with one line, not a report of unknowns")
    void withoutCredentials(String client) {
        CliRun run = CliRun.of("doctor", "rediss://localhost:" + redis.tlsPort(), "--client", client,
                "--truststore", tls.trustStore().toString(), "--truststore-password", tls.storePassword(),
                "--keystore", tls.clientKeyStore().toString(), "--keystore-password", tls.storePassword());

        assertThat(run.exitCode()).as("%s", run).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines().toList()).as(run.err()).singleElement().asString()
                .startsWith("session-cli doctor: error: ")
                .contains("NOAUTH");
    }

    @Test
    @DisplayName("the plaintext port is closed: the server is reachable with TLS only")
    void plaintextPortClosed() {
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", redis.port()), 1_000);
            }
        }).isInstanceOf(IOException.class);
    }

    private static String serverVersion() {
        try (RedisCommandExecutor executor = RedisSessionStores.openExecutor(RedisStoreConfig.custom()
                .uri("rediss://localhost:" + redis.tlsPort())
                .credentials("doctor", DOCTOR_PASSWORD.toCharArray())
                .client("lettuce")
                .trustStore(tls.trustStore(), tls.storePassword().toCharArray())
                .keyStore(tls.clientKeyStore(), tls.storePassword().toCharArray())
                .build())) {
            RedisReply info = executor.command(List.of("INFO".getBytes(StandardCharsets.US_ASCII),
                    "server".getBytes(StandardCharsets.US_ASCII)));
            return new String(((RedisReply.Bulk) info).value(), StandardCharsets.UTF_8).lines()
                    .filter(l -> l.startsWith("redis_version:")).findFirst().orElseThrow().substring(14).trim();
        }
    }

    private static String plus(List<String> commands) {
        return commands.stream().map(c -> "+" + c).collect(Collectors.joining(" "));
    }

    private static String secret() {
        return "pw-" + base64url(18);
    }

    private static String base64url(int bytes) {
        byte[] raw = new byte[bytes];
        RANDOM.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }
}

package io.sealedsession.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedsession.cli.doctor.CheckRuns.Login;
import io.sealedsession.redis.RedisStoreConfig;
import io.sealedsession.tests.redis.RedisServer;
import io.sealedsession.tests.redis.RespConnection;
import io.sealedsession.tests.redis.TlsMaterial;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The {@code tls} check alone, against real {@code redis-server} processes: plaintext only, a
 * plaintext port beside TLS, TLS only.
 *
 * <p>The non-loopback address is 203.0.113.7 (TEST-NET-3, assigned to no machine) marked optional
 * with {@code -}: {@code CONFIG GET bind} reports it, but Redis cannot bind it and listens on
 * 127.0.0.1 only, so no server here is reachable from the network.
 */
class DoctorTlsCheckTest {

    private static final String PASSWORD = CheckRuns.password();
    private static final String BOUND_WIDE = "bind 127.0.0.1 -203.0.113.7";
    private static final String BLIND = CheckRuns.blindUser(PASSWORD) + " +info";

    /** Removed when the JVM exits. */
    private static TlsMaterial tls;

    @BeforeAll
    static void material() {
        tls = TlsMaterial.generateTemporary("sealed-sessions-doctor-tls-", false);
    }

    private final DoctorCheck check = new TlsCheck();

    @Test
    @DisplayName("plaintext reached at a network address: CRITICAL, whatever the server says")
    void plaintextFromTheNetwork() {
        try (RedisServer redis = RedisServer.builder().start()) {
            Target remote = new Target("ss", 1_000, false, "redis", "203.0.113.7", null, false, null);
            List<Finding> findings = CheckRuns.run(check, RedisStoreConfig.custom().uri(redis.uri()).client("lettuce")
                    .build(), remote);

            assertThat(findings).singleElement().satisfies(finding -> {
                assertThat(finding.severity()).isEqualTo(Severity.CRITICAL);
                assertThat(finding.finding()).isEqualTo("Doctor reached Redis at 203.0.113.7 without TLS (redis://):"
                        + " this server accepts plaintext connections from the network.");
            });
        }
    }

    @Test
    @DisplayName("no TLS port: WARNING on loopback only, CRITICAL bound to a network address")
    void plaintextOnly() {
        try (RedisServer loopback = RedisServer.builder().start();
                RedisServer wide = RedisServer.builder().config(BOUND_WIDE).start()) {
            Finding onLoopback = CheckRuns.single(check, loopback, Login.anonymous());
            Finding onNetwork = CheckRuns.single(check, wide, Login.anonymous());

            assertThat(onLoopback.severity()).isEqualTo(Severity.WARNING);
            assertThat(onLoopback.finding()).isEqualTo("Redis has no TLS port: it speaks plaintext only, on loopback"
                    + " addresses only (bind 127.0.0.1).");
            assertThat(onNetwork.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(onNetwork.finding()).isEqualTo("Redis has no TLS port: it speaks plaintext only, on"
                    + " non-loopback addresses (bind 127.0.0.1 -203.0.113.7).");
        }
    }

    @Test
    @DisplayName("a plaintext port beside tls-port: WARNING, over either port; port 0: OK over TLS")
    void tlsPort() {
        List<String> config = new ArrayList<>(tls.serverConfig());
        config.add("user admin on >" + PASSWORD + " ~* &* +@all");
        try (RedisServer redis = RedisServer.builder().tlsPort().config(config.toArray(String[]::new)).start()) {
            Finding overPlaintext = CheckRuns.single(check, redis, Login.anonymous());
            Finding overTls = overTls(redis, "admin");
            try (RespConnection admin = RespConnection.to(redis)) {
                admin.call("CONFIG", "SET", "port", "0");
            }
            Finding tlsOnly = overTls(redis, "admin");

            assertThat(overPlaintext.severity()).isEqualTo(Severity.WARNING);
            assertThat(overPlaintext.finding()).isEqualTo("A plaintext port (" + redis.port() + ") is open beside"
                    + " tls-port " + redis.tlsPort() + ", on loopback addresses only (bind 127.0.0.1). Doctor itself"
                    + " connected on it.");
            assertThat(overPlaintext.fix()).contains("CONFIG SET port 0");
            assertThat(overTls.severity()).isEqualTo(Severity.WARNING);
            assertThat(overTls.finding()).isEqualTo("A plaintext port (" + redis.port() + ") is open beside"
                    + " tls-port " + redis.tlsPort() + ", on loopback addresses only (bind 127.0.0.1).");
            assertThat(tlsOnly.severity()).isEqualTo(Severity.OK);
            assertThat(tlsOnly.finding()).isEqualTo("Redis listens with TLS only (tls-port " + redis.tlsPort()
                    + ", port 0).");
        }
    }

    @Test
    @DisplayName("CONFIG GET refused: WARNING over plaintext to loopback, UNKNOWN over TLS")
    void refused() {
        List<String> config = new ArrayList<>(tls.serverConfig());
        config.add(BLIND);
        try (RedisServer redis = RedisServer.builder().tlsPort().config(config.toArray(String[]::new)).start()) {
            Finding overPlaintext = CheckRuns.single(check, redis, Login.as("blind", PASSWORD));
            Finding overTls = overTls(redis, "blind");

            assertThat(overPlaintext.severity()).isEqualTo(Severity.WARNING);
            assertThat(overPlaintext.finding()).isEqualTo("Doctor connected without TLS (redis:// to loopback); the"
                    + " server's TLS settings could not be read: the user doctor connects as may not run CONFIG GET"
                    + " (NOPERM).");
            assertThat(overTls.severity()).isEqualTo(Severity.UNKNOWN);
            assertThat(overTls.finding()).startsWith("Could not check whether a plaintext port is open beside TLS"
                    + " (this connection uses TLS)");
        }
    }

    private Finding overTls(RedisServer redis, String user) {
        RedisStoreConfig config = RedisStoreConfig.custom()
                .uri("rediss://localhost:" + redis.tlsPort())
                .client("lettuce")
                .credentials(user, PASSWORD.toCharArray())
                .trustStore(tls.trustStore(), tls.storePassword().toCharArray())
                .keyStore(tls.clientKeyStore(), tls.storePassword().toCharArray())
                .build();
        Target target = new Target("ss", 1_000, true, "rediss", "localhost", user, true, null);
        List<Finding> findings = CheckRuns.run(check, config, target);
        assertThat(findings).hasSize(1);
        return findings.get(0);
    }
}

package io.sealedsession.tests.redis;

import static io.sealedsession.tests.redis.TestData.sealed;
import static io.sealedsession.tests.redis.TestData.sessionKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedsession.core.SessionKey;
import io.sealedsession.core.SessionStoreUnavailableException;
import io.sealedsession.redis.RedisSessionStore;
import io.sealedsession.redis.RedisSessionStores;
import io.sealedsession.redis.RedisStoreConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A1: TLS verifies the server's certificate and host name, and mutual TLS works, against a
 * redis-server with a TLS port that requires client certificates. Certificates are made at test
 * time. One subclass per client adapter names the client.
 */
public abstract class AbstractTlsTest {

    private static Path dir;
    private static TlsMaterial tls;
    private static RedisServer server;

    /** The provider name, such as {@code "lettuce"}. */
    protected abstract String client();

    /**
     * What opening a store with a trust store it cannot load (wrong password) throws: every
     * adapter's connection plan loads it before connecting and refuses the configuration.
     */
    protected Class<? extends RuntimeException> unusableTrustStoreException() {
        return IllegalArgumentException.class;
    }

    /** The server under test, for subclasses that look at it. */
    protected static RedisServer server() {
        return server;
    }

    /** The certificates the server uses. */
    protected static TlsMaterial tls() {
        return tls;
    }

    @BeforeAll
    static void startRedis() throws IOException {
        TestData.quietLogs();
        dir = Files.createTempDirectory("sealed-sessions-tls-");
        tls = TlsMaterial.generate(dir);
        server = RedisServer.builder().tlsPort().config(tls.serverConfig().toArray(String[]::new)).start();
    }

    @AfterAll
    static void stopRedis() throws IOException {
        server.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** A configuration of {@link #client()} for the server's TLS port, under the given host name. */
    protected RedisStoreConfig.Builder config(String host) {
        return RedisStoreConfig.custom()
                .uri("rediss://" + host + ":" + server.tlsPort())
                .client(client())
                .connectTimeout(Duration.ofSeconds(5));
    }

    @Test
    @DisplayName("with the CA as trust store and a client certificate, the store works over TLS")
    void mutualTls() {
        try (RedisSessionStore store = RedisSessionStores.open(config("localhost")
                .trustStore(tls.trustStore(), tls.storePassword().toCharArray())
                .keyStore(tls.clientKeyStore(), tls.storePassword().toCharArray())
                .build());
                RespConnection raw = RespConnection.to(server)) {
            SessionKey key = sessionKey();
            assertThat(store.create(key, sealed(10), Duration.ofMinutes(1))).isTrue();
            assertThat(store.load(key, Duration.ofMinutes(1))).isPresent();
            assertThat(store.toString()).contains("rediss://localhost");
            // The record reached the server: seen over its plain port.
            assertThat(raw.callLong("EXISTS", TestData.recordKey("ss", key))).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("a server certificate the JVM does not trust is refused")
    void untrustedServerRefused() {
        assertThatThrownBy(() -> RedisSessionStores.open(config("localhost")
                .keyStore(tls.clientKeyStore(), tls.storePassword().toCharArray())
                .build()))
                .isInstanceOf(SessionStoreUnavailableException.class)
                .hasMessageContaining("cannot be reached")
                .hasStackTraceContaining("SSLHandshakeException")
                .hasStackTraceContaining("unable to find valid certification path");
    }

    @Test
    @DisplayName("a certificate for another host name is refused (connecting by IP, certificate for localhost)")
    void hostNameVerified() {
        assertThatThrownBy(() -> RedisSessionStores.open(config("127.0.0.1")
                .trustStore(tls.trustStore(), tls.storePassword().toCharArray())
                .keyStore(tls.clientKeyStore(), tls.storePassword().toCharArray())
                .build()))
                .isInstanceOf(SessionStoreUnavailableException.class)
                .hasRootCauseInstanceOf(java.security.cert.CertificateException.class)
                .rootCause().hasMessageContaining("127.0.0.1");
    }

    @Test
    @DisplayName("without a client certificate the server refuses the connection")
    void clientCertificateRequired() {
        assertThatThrownBy(() -> {
            // The server may complete the handshake and drop the connection only when the first
            // command arrives, so this opens and uses the store.
            try (RedisSessionStore store = RedisSessionStores.open(config("localhost")
                    .trustStore(tls.trustStore(), tls.storePassword().toCharArray())
                    .commandTimeout(Duration.ofSeconds(1))
                    .build())) {
                store.create(sessionKey(), sealed(10), Duration.ofMinutes(1));
            }
        }).isInstanceOf(SessionStoreUnavailableException.class);
    }

    @Test
    @DisplayName("a trust store with the wrong password is refused, and the password is not shown")
    void wrongTrustStorePassword() {
        assertThatThrownBy(() -> RedisSessionStores.open(config("localhost")
                .trustStore(tls.trustStore(), "not-the-password".toCharArray())
                .keyStore(tls.clientKeyStore(), tls.storePassword().toCharArray())
                .build()))
                .isInstanceOf(unusableTrustStoreException())
                .satisfies(e -> assertThat(TestData.everything(e)).doesNotContain("not-the-password", tls.storePassword()));
    }
}

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
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

/**
 * A1: TLS verifies the server's certificate and host name, and mutual TLS works, against a
 * redis-server with a TLS port that requires client certificates. Certificates are made at test
 * time; on every client on the class path ({@link RedisMatrix#clients()}).
 */
@OnEveryClient
class TlsTest {

    private static TlsServer tlsServer;
    private static TlsMaterial tls;
    private static RedisServer server;

    /** The provider name, such as {@code "lettuce"}. */
    @Parameter
    String client;

    @BeforeAll
    static void startRedis() {
        tlsServer = TlsServer.start();
        tls = tlsServer.tls();
        server = tlsServer.server();
    }

    @AfterAll
    static void stopRedis() {
        tlsServer.close();
    }

    /** A configuration of {@link #client} for the server's TLS port, under the given host name. */
    private RedisStoreConfig.Builder config(String host) {
        return RedisStoreConfig.custom()
                .uri("rediss://" + host + ":" + server.tlsPort())
                .client(client)
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
        // Every adapter's connection plan loads the trust store before connecting and refuses the configuration.
        assertThatThrownBy(() -> RedisSessionStores.open(config("localhost")
                .trustStore(tls.trustStore(), "not-the-password".toCharArray())
                .keyStore(tls.clientKeyStore(), tls.storePassword().toCharArray())
                .build()))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(TestData.everything(e)).doesNotContain("not-the-password", tls.storePassword()));
    }
}

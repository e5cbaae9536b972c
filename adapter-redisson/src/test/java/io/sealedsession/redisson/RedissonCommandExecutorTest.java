package io.sealedsession.redisson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.sealedsession.core.SessionStoreUnavailableException;

import io.sealedsession.redis.RedisStoreConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.slf4j.LoggerFactory;

/** Connection set-up: refusals, each before any connection is attempted, and the plaintext warning. */
class RedissonCommandExecutorTest {

    @Test
    void connectWhenPlaintextToRemoteHostThenRefusedWithoutPassword() {
        assertThatThrownBy(() -> RedissonCommandExecutor.connect(RedisStoreConfig.forUri("redis://:s3cret@redis.example:6379")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("plaintext redis:// to redis.example")
                .hasMessageContaining("allowPlaintextToRemoteHost(true)")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void connectWhenTlsVerificationRelaxedThenRefused() {
        assertThatThrownBy(() -> RedissonCommandExecutor.connect(
                RedisStoreConfig.forUri("rediss://:s3cret@redis.example:6380?verifyPeer=NONE")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("always verifies the certificate and the host name")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void connectWhenUriMalformedThenRefusedWithoutQuotingIt() {
        assertThatThrownBy(() -> RedissonCommandExecutor.connect(RedisStoreConfig.forUri("redis://:s3cret@127.0.0.1:notaport")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasNoCause()
                .hasMessageContaining("redis://***@127.0.0.1:notaport")
                .hasMessageContaining("a port is a number")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void connectWhenTrustStoreWithoutTlsThenRefused() {
        assertThatThrownBy(() -> RedissonCommandExecutor.connect(RedisStoreConfig.custom()
                .uri("redis://localhost:6379")
                .trustStore(Path.of("trust.p12"), null)
                .build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not use TLS");
    }

    @Test
    void connectWhenTrustStoreMissingThenRefused() {
        assertThatThrownBy(() -> RedissonCommandExecutor.connect(RedisStoreConfig.custom()
                .uri("rediss://localhost:6380")
                .trustStore(Path.of("no-such-trust-store.p12"), "pw".toCharArray())
                .build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trust store no-such-trust-store.p12 is not a readable file");
    }

    @Test
    void connectWhenPlaintextToRemoteHostAllowedThenWarnsWithoutPassword() {
        Logger logger = (Logger) LoggerFactory.getLogger(io.sealedsession.redis.spi.TransportPolicy.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        try {
            // 192.0.2.1 is reserved for documentation (TEST-NET-1): nothing answers there.
            assertThatThrownBy(() -> RedissonCommandExecutor.connect(RedisStoreConfig.custom()
                    .uri("redis://:s3cret@192.0.2.1:6379")
                    .allowPlaintextToRemoteHost(true)
                    .connectTimeout(Duration.ofMillis(300))
                    .build()))
                    .isInstanceOf(SessionStoreUnavailableException.class)
                    .hasMessageContaining("redis://***@192.0.2.1:6379")
                    .hasMessageNotContaining("s3cret");
        } finally {
            logger.detachAppender(logs);
        }
        assertThat(logs.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage())
                    .contains("connecting to 192.0.2.1:6379 without TLS")
                    .doesNotContain("s3cret");
        });
    }

    @Test
    void usingWhenNotRedissonsOwnClientThenRefused() {
        RedissonClient proxy = (RedissonClient) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {RedissonClient.class}, (p, method, args) -> null);

        assertThatThrownBy(() -> RedissonCommandExecutor.using(proxy))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Redisson.create");
    }
}

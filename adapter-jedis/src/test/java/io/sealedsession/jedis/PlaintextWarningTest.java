package io.sealedsession.jedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.sealedsession.core.SessionStoreUnavailableException;
import io.sealedsession.redis.RedisStoreConfig;
import io.sealedsession.redis.spi.TransportPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A1: plaintext to a remote host, once explicitly allowed, is attempted and logged as a warning without the password. */
class PlaintextWarningTest {

    @Test
    void connectWhenPlaintextToRemoteHostAllowedThenWarnsAndTries() {
        Logger logger = (Logger) LoggerFactory.getLogger(TransportPolicy.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        try {
            // 192.0.2.1 is reserved for documentation (TEST-NET-1): nothing answers there.
            assertThatThrownBy(() -> JedisCommandExecutor.connect(RedisStoreConfig.custom()
                    .uri("redis://:s3cret@192.0.2.1:6379")
                    .allowPlaintextToRemoteHost(true)
                    .connectTimeout(Duration.ofMillis(200))
                    .build()))
                    .isInstanceOf(SessionStoreUnavailableException.class)
                    .hasMessage("Redis at redis://***@192.0.2.1:6379 cannot be reached (connect)");
        } finally {
            logger.detachAppender(logs);
        }

        assertThat(logs.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage())
                    .isEqualTo("connecting to 192.0.2.1:6379 without TLS: its traffic, including the password, "
                            + "can be read on the network")
                    .doesNotContain("s3cret");
        });
    }
}

package io.sealedsession.tests.redis;

import static io.sealedsession.tests.redis.TestData.everything;
import static io.sealedsession.tests.redis.TestData.sealed;
import static io.sealedsession.tests.redis.TestData.sessionKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.sealedsession.core.SessionKey;
import io.sealedsession.core.SessionStoreUnavailableException;
import io.sealedsession.redis.RedisSessionStore;
import io.sealedsession.redis.RedisSessionStores;
import io.sealedsession.redis.RedisStoreConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.slf4j.LoggerFactory;

/**
 * A2: passwords reach Redis and nothing else: not toString(), not exceptions, not logs; on every
 * client on the class path, each with the loggers it writes to and how much they log
 * ({@link ClientTraits}).
 */
@OnEveryClient
class CredentialsTest {

    private static final String PASSWORD = "pw-" + TestData.base64url(18);
    private static final String USER_PASSWORD = "upw-" + TestData.base64url(18);
    private static final String WRONG = "wrong-" + TestData.base64url(18);
    private static final Duration IDLE = Duration.ofMinutes(30);

    private static RedisServer server;

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private Logger root;
    private final List<Logger> clientLoggers = new ArrayList<>();
    private final List<Level> clientLevels = new ArrayList<>();

    /** The provider name, such as {@code "lettuce"}. */
    @Parameter
    String client;

    private ClientTraits traits() {
        return ClientTraits.of(client);
    }

    private String executorName() {
        return traits().executorName();
    }

    private List<String> clientLoggerNames() {
        return traits().loggerNames();
    }

    private Level clientLogLevel() {
        return traits().logLevel();
    }

    private List<String> connectLogMessages() {
        return traits().connectLogMessages();
    }

    private String loginRefusedMessage() {
        return traits().loginRefusedMessage();
    }

    @BeforeAll
    static void startRedis() {
        TestData.quietLogs();
        server = RedisServer.builder()
                .config("requirepass " + PASSWORD, "user app on >" + USER_PASSWORD + " ~ss:* +@all")
                .start();
    }

    @AfterAll
    static void stopRedis() {
        server.close();
    }

    @BeforeEach
    void captureEverythingLogged() {
        // The client at DEBUG or more (Lettuce logs the URI it connects to, Redisson at TRACE every
        // command it encodes), into the capture only, so the build output stays readable; the
        // library's own loggers through the root as configured.
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logs.start();
        for (String name : clientLoggerNames()) {
            Logger logger = (Logger) LoggerFactory.getLogger(name);
            clientLoggers.add(logger);
            clientLevels.add(logger.getLevel());
            logger.setLevel(clientLogLevel());
            logger.setAdditive(false);
            logger.addAppender(logs);
        }
        root.addAppender(logs);
    }

    @AfterEach
    void checkLogsAndRestore() {
        root.detachAppender(logs);
        for (int i = 0; i < clientLoggers.size(); i++) {
            Logger logger = clientLoggers.get(i);
            logger.detachAppender(logs);
            logger.setAdditive(true);
            logger.setLevel(clientLevels.get(i));
        }
        for (ILoggingEvent event : logs.list) {
            StringBuilder text = new StringBuilder(event.getFormattedMessage());
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                text.append(' ').append(t.getMessage());
            }
            assertThat(text.toString()).doesNotContain(PASSWORD, USER_PASSWORD, WRONG);
        }
    }

    private String uri(String userInfo) {
        return "redis://" + userInfo + "@127.0.0.1:" + server.port() + "/0";
    }

    @Test
    @DisplayName("a store logged in with requirepass works and shows no password in toString() or the client's logs")
    void passwordNotInToStringOrLogs() {
        RedisStoreConfig config = RedisStoreConfig.custom().uri(uri(":" + PASSWORD)).client(client).build();
        try (RedisSessionStore store = RedisSessionStores.open(config)) {
            SessionKey key = sessionKey();
            assertThat(store.create(key, sealed(10), IDLE)).isTrue();
            assertThat(store.load(key, IDLE)).isPresent();

            assertThat(store.toString()).contains(executorName(), "127.0.0.1").doesNotContain(PASSWORD);
            assertThat(config.toString()).contains("***@127.0.0.1").doesNotContain(PASSWORD);
            assertThat(config.redactedUri()).doesNotContain(PASSWORD);
        }
        // The capture works: the client logged its connection set-up, checked after each test.
        assertThat(logs.list).anySatisfy(event -> assertThat(clientLoggerNames())
                .anySatisfy(name -> assertThat(event.getLoggerName()).startsWith(name)));
        for (String message : connectLogMessages()) {
            assertThat(logs.list).anySatisfy(event -> assertThat(event.getFormattedMessage()).contains(message));
        }
    }

    @Test
    @DisplayName("an ACL user and password given in the configuration rather than the URI log in, unseen")
    void aclUserFromConfiguration() {
        RedisStoreConfig config = RedisStoreConfig.custom()
                .uri("redis://127.0.0.1:" + server.port())
                .client(client)
                .credentials("app", USER_PASSWORD.toCharArray())
                .build();
        try (RedisSessionStore store = RedisSessionStores.open(config)) {
            assertThat(store.create(sessionKey(), sealed(10), IDLE)).isTrue();
            assertThat(config.toString()).contains("username=app", "password=***").doesNotContain(USER_PASSWORD);
            assertThat(store.toString()).doesNotContain(USER_PASSWORD);
        }
    }

    @Test
    @DisplayName("credentials in the configuration take precedence over those in the URI")
    void configurationCredentialsWin() {
        RedisStoreConfig config = RedisStoreConfig.custom()
                .uri(uri("app:" + WRONG))
                .client(client)
                .credentials("app", USER_PASSWORD.toCharArray())
                .build();
        try (RedisSessionStore store = RedisSessionStores.open(config)) {
            assertThat(store.create(sessionKey(), sealed(10), IDLE)).isTrue();
        }
    }

    @Test
    @DisplayName("a wrong password fails as unavailable, and no message or cause carries it")
    void wrongPasswordNotInExceptions() {
        Throwable thrown = catchThrowable(() -> RedisSessionStores.open(
                RedisStoreConfig.custom().uri(uri("app:" + WRONG)).client(client).build()));

        assertThat(thrown).isInstanceOf(SessionStoreUnavailableException.class)
                .hasMessageContaining(loginRefusedMessage());
        assertThat(everything(thrown)).doesNotContain(WRONG).contains("WRONGPASS");
    }

    @Test
    @DisplayName("Redis gone: the exception names the host, never the password")
    void outageExceptionHasNoPassword() {
        try (RedisServer other = RedisServer.builder().config("requirepass " + PASSWORD).start();
                RedisSessionStore store = RedisSessionStores.open(RedisStoreConfig.custom()
                        .uri("redis://:" + PASSWORD + "@127.0.0.1:" + other.port())
                        .client(client)
                        .commandTimeout(Duration.ofMillis(500)).build())) {
            other.stop();
            Throwable thrown = catchThrowable(() -> store.load(sessionKey(), IDLE));

            assertThat(thrown).isInstanceOf(SessionStoreUnavailableException.class)
                    .hasMessageContaining("127.0.0.1:" + other.port());
            assertThat(everything(thrown)).doesNotContain(PASSWORD);
        }
    }

    @Test
    @DisplayName("a URI that does not parse is refused without quoting its password")
    void malformedUriNotQuoted() {
        assertThatThrownBy(() -> RedisSessionStores.open(RedisStoreConfig.custom()
                .uri("redis://:" + PASSWORD + "@127.0.0.1:notaport").client(client).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasNoCause()
                .message().doesNotContain(PASSWORD);
    }

    @Test
    @DisplayName("trust store and key store passwords are not shown by the configuration")
    void storePasswordsRedacted() {
        RedisStoreConfig config = RedisStoreConfig.custom().uri("rediss://redis.example:6380")
                .trustStore(java.nio.file.Path.of("/etc/trust.p12"), PASSWORD.toCharArray())
                .keyStore(java.nio.file.Path.of("/etc/client.p12"), USER_PASSWORD.toCharArray())
                .build();

        assertThat(config.toString()).contains("trust.p12", "client.p12").doesNotContain(PASSWORD, USER_PASSWORD);
        assertThat(config.trustStorePassword()).hasValueSatisfying(pw -> assertThat(new String(pw)).isEqualTo(PASSWORD));
    }
}

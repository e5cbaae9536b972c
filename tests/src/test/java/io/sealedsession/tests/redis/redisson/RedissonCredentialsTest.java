package io.sealedsession.tests.redis.redisson;

import static io.sealedsession.tests.redis.redisson.Support.everything;
import static io.sealedsession.tests.redis.redisson.Support.sealed;
import static io.sealedsession.tests.redis.redisson.Support.sessionKey;
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
import io.sealedsession.redisson.RedissonCommandExecutor;
import io.sealedsession.tests.redis.RedisServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A2 on Redisson: passwords reach Redis and nothing else: not toString(), not exceptions, not
 * logs, with Redisson logging everything it can (TRACE, which includes every command it encodes).
 */
class RedissonCredentialsTest {

    private static final String PASSWORD = "pw-" + Support.base64url(18);
    private static final String USER_PASSWORD = "upw-" + Support.base64url(18);
    private static final String WRONG = "wrong-" + Support.base64url(18);
    private static final Duration IDLE = Duration.ofMinutes(30);

    private static RedisServer server;

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private Logger root;
    private Logger redisson;
    private Level redissonLevel;

    @BeforeAll
    static void startRedis() {
        Support.quietLogs();
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
        // Redisson at TRACE, into the capture only, so the build output stays readable; the
        // library's own loggers through the root as configured.
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        redisson = (Logger) LoggerFactory.getLogger("org.redisson");
        redissonLevel = redisson.getLevel();
        redisson.setLevel(Level.TRACE);
        redisson.setAdditive(false);
        logs.start();
        redisson.addAppender(logs);
        root.addAppender(logs);
    }

    @AfterEach
    void checkLogsAndRestore() {
        root.detachAppender(logs);
        redisson.detachAppender(logs);
        redisson.setAdditive(true);
        redisson.setLevel(redissonLevel);
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

    private static RedisStoreConfig.Builder redisson(String uri) {
        return RedisStoreConfig.custom().uri(uri).client("redisson");
    }

    @Test
    @DisplayName("a store logged in with requirepass works and shows no password in toString() or Redisson's logs")
    void passwordNotInToStringOrLogs() {
        RedisStoreConfig config = redisson(uri(":" + PASSWORD)).build();
        try (RedisSessionStore store = RedisSessionStores.open(config)) {
            SessionKey key = sessionKey();
            assertThat(store.create(key, sealed(10), IDLE)).isTrue();
            assertThat(store.load(key, IDLE)).isPresent();

            assertThat(store.toString()).contains("RedissonCommandExecutor", "127.0.0.1").doesNotContain(PASSWORD);
        }
        // The capture works: Redisson logged its start and the AUTH it encoded, checked after each test.
        assertThat(logs.list).anySatisfy(event -> assertThat(event.getFormattedMessage()).contains("connections initialized"));
        assertThat(logs.list).anySatisfy(event -> assertThat(event.getFormattedMessage()).contains("AUTH(password masked)"));
    }

    @Test
    @DisplayName("an ACL user and password given in the configuration rather than the URI log in, unseen")
    void aclUserFromConfiguration() {
        RedisStoreConfig config = redisson("redis://127.0.0.1:" + server.port())
                .credentials("app", USER_PASSWORD.toCharArray())
                .build();
        try (RedisSessionStore store = RedisSessionStores.open(config)) {
            assertThat(store.create(sessionKey(), sealed(10), IDLE)).isTrue();
            assertThat(store.toString()).doesNotContain(USER_PASSWORD);
        }
    }

    @Test
    @DisplayName("credentials in the configuration take precedence over those in the URI")
    void configurationCredentialsWin() {
        RedisStoreConfig config = redisson(uri("app:" + WRONG))
                .credentials("app", USER_PASSWORD.toCharArray())
                .build();
        try (RedisSessionStore store = RedisSessionStores.open(config)) {
            assertThat(store.create(sessionKey(), sealed(10), IDLE)).isTrue();
        }
    }

    @Test
    @DisplayName("a wrong password fails as unavailable, and no message or cause carries it")
    void wrongPasswordNotInExceptions() {
        Throwable thrown = catchThrowable(() -> RedisSessionStores.open(redisson(uri("app:" + WRONG)).build()));

        assertThat(thrown).isInstanceOf(SessionStoreUnavailableException.class)
                .hasMessageContaining("refused to set up the connection (WRONGPASS)");
        assertThat(everything(thrown)).doesNotContain(WRONG).contains("WRONGPASS");
    }

    @Test
    @DisplayName("Redis gone: the exception names the host, never the password")
    void outageExceptionHasNoPassword() {
        try (RedisServer other = RedisServer.builder().config("requirepass " + PASSWORD).start();
                RedisSessionStore store = RedisSessionStores.open(redisson("redis://:" + PASSWORD + "@127.0.0.1:" + other.port())
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
        assertThatThrownBy(() -> RedissonCommandExecutor.connect(RedisStoreConfig.forUri("redis://:" + PASSWORD + "@127.0.0.1:notaport")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasNoCause()
                .message().doesNotContain(PASSWORD);
    }
}

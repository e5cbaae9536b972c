package io.sealedsession.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.sealedsession.core.SessionManager;
import io.sealedsession.core.memory.InMemorySessionStore;
import java.time.Duration;
import java.util.EventListener;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class SealedSessionFilterBuilderTest {

    private final SessionManager manager = SessionManager.builder(new InMemorySessionStore(), new AesGcmTestSealer()).build();

    @Test
    void buildWhenNothingConfiguredThenSecureCookieAnd503() {
        assertThat(SealedSessionFilter.builder(manager).build().toString())
                .isEqualTo("SealedSessionFilter[SessionTokenResolver.cookie(CookieSettings[__Host-SID=…; Path=/; Secure;"
                        + " HttpOnly; SameSite=Lax]), store unavailable → 503]");
    }

    @Test
    void initWhenCookiesMayTravelOverPlainHttpThenWarns() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(SealedSessionFilter.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        Level level = logger.getLevel();
        logger.setLevel(Level.WARN);
        logger.addAppender(appender);
        try {
            SealedSessionFilter.builder(manager).build().init(null);
            assertThat(appender.list).isEmpty();

            SealedSessionFilter.builder(manager)
                    .cookieSettings(CookieSettings.custom().name("SID").insecurePlainHttpCookies().build())
                    .build().init(null);

            assertThat(appender.list).singleElement().satisfies(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.WARN);
                assertThat(event.getFormattedMessage()).contains("'SID'").contains("without Secure");
            });
        } finally {
            logger.detachAppender(appender);
            logger.setLevel(level);
        }
    }

    @Test
    void buildWhenCookieSettingsAndResolverBothSetThenRefused() {
        SealedSessionFilter.Builder builder = SealedSessionFilter.builder(manager)
                .cookieSettings(CookieSettings.ofDefaults())
                .tokenResolver(SessionTokenResolver.header("X-Session-Token"));

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("set either cookieSettings(...) or tokenResolver(...), but both were set");
    }

    @Test
    void storeUnavailableStatusWhenNotAServerErrorThenRefused() {
        assertThatThrownBy(() -> SealedSessionFilter.builder(manager).storeUnavailableStatus(200))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("but was 200");
    }

    @Test
    void retryAfterWhenNotWholeSecondsThenRefused() {
        assertThatThrownBy(() -> SealedSessionFilter.builder(manager).storeUnavailableRetryAfter(Duration.ofMillis(1500)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("but was PT1.5S");
    }

    @Test
    void listenerWhenNoSessionListenerThenRefusedNamingTheType() {
        EventListener unrelated = new EventListener() {};

        assertThatThrownBy(() -> SealedSessionFilter.builder(manager).listener(unrelated))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("which implements none");
    }

    @Test
    void headerResolverWhenNameIsACookieHeaderOrNotATokenThenRefused() {
        assertThatThrownBy(() -> SessionTokenResolver.header("Cookie"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("but was 'Cookie'");
        assertThatThrownBy(() -> SessionTokenResolver.header("X Token"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

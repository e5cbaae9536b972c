package io.sealedsession.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedsession.core.SessionManager;
import io.sealedsession.core.memory.InMemorySessionStore;
import io.sealedsession.core.port.SessionStore;
import io.sealedsession.tests.redis.RedisServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/**
 * The conditions that only Boot 4 has in this form: its health API. The rest is
 * {@link SealedSessionsAutoConfigurationTest}, which runs on Boot 4 and on Boot 3.5.
 */
class Boot4AutoConfigurationTest {

    private static final String[] DEMO = SealedSessionsAutoConfigurationTest.DEMO;

    private final WebApplicationContextRunner web = new WebApplicationContextRunner()
            .withConfiguration(SealedSessionsAutoConfigurationTest.ALL);

    @Test
    @DisplayName("the sealedSessions health indicator is there by default, and gone when turned off or without Boot's health support")
    void healthWhenConfiguredThenPresent() {
        web.withPropertyValues(DEMO).run(context -> {
            assertThat(context).hasBean("sealedSessionsHealthIndicator");
            assertThat(context.getBean(SealedSessionsHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
        });
        web.withPropertyValues(DEMO).withPropertyValues("management.health.sealedsessions.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(SealedSessionsHealthIndicator.class));
        web.withPropertyValues(DEMO).withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
                .run(context -> assertThat(context).doesNotHaveBean(SealedSessionsHealthIndicator.class));
    }

    @Test
    @DisplayName("the application's own sealedSessionsHealthIndicator is kept")
    void healthWhenApplicationDefinesOneThenBackOff() {
        SealedSessionsHealthIndicator health = new SealedSessionsHealthIndicator(new InMemorySessionStore());
        web.withPropertyValues(DEMO).withBean("sealedSessionsHealthIndicator", SealedSessionsHealthIndicator.class, () -> health)
                .run(context -> {
                    assertThat(context).hasSingleBean(SealedSessionsHealthIndicator.class);
                    assertThat(context.getBean(SealedSessionsHealthIndicator.class)).isSameAs(health);
                    assertThat(context).hasSingleBean(SessionManager.class);
                });
    }

    @Test
    @DisplayName("invariant 11 the health indicator reports UP while Redis answers and DOWN when it does not")
    void healthWhenRedisStopsThenDown() {
        RedisServer own = RedisServer.startDefault();
        try {
            // The default command timeout (2 s): a shorter one can expire during the connection's
            // handshake on a loaded machine.
            web.withPropertyValues("sealedsession.keyring.throwaway=true", "sealedsession.redis.uri=" + own.uri()).run(context -> {
                SealedSessionsHealthIndicator health = context.getBean(SealedSessionsHealthIndicator.class);
                assertThat(health.health().getStatus()).isEqualTo(Status.UP);
                own.stop();
                assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
                assertThat(health.health().getDetails()).containsKey("error");
            });
        } finally {
            own.close();
        }
    }
}

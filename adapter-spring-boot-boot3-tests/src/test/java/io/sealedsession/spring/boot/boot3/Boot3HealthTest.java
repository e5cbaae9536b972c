package io.sealedsession.spring.boot.boot3;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedsession.spring.boot.SealedSessionsAutoConfiguration;
import io.sealedsession.spring.boot.SealedSessionsBoot3HealthAutoConfiguration;
import io.sealedsession.spring.boot.SealedSessionsHealthAutoConfiguration;
import io.sealedsession.tests.redis.RedisServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/** The health indicator's conditions on Spring Boot 3.5, whose health API differs from Boot 4's. */
class Boot3HealthTest {

    private final WebApplicationContextRunner web = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SealedSessionsAutoConfiguration.class,
                    SealedSessionsHealthAutoConfiguration.class, SealedSessionsBoot3HealthAutoConfiguration.class))
            .withPropertyValues("sealedsession.keyring.throwaway=true");

    @Test
    @DisplayName("invariant 11 on Boot 3.5 the sealedSessions indicator is UP while Redis answers and DOWN when it stops")
    void healthWhenRedisStopsThenDown() {
        try (RedisServer redis = RedisServer.startDefault()) {
            web.withPropertyValues("sealedsession.redis.uri=" + redis.uri())
                    .run(context -> {
                        HealthIndicator indicator = context.getBean("sealedSessionsHealthIndicator", HealthIndicator.class);
                        assertThat(context.getBeansOfType(HealthIndicator.class)).containsOnlyKeys("sealedSessionsHealthIndicator");
                        Health up = indicator.health();
                        assertThat(up.getStatus()).isEqualTo(Status.UP);
                        assertThat(up.getDetails()).containsEntry("store", "RedisSessionStore");
                        redis.stop();
                        Health down = indicator.health();
                        assertThat(down.getStatus()).isEqualTo(Status.DOWN);
                        assertThat(down.getDetails()).containsKey("error");
                        assertThat(indicator.getHealth(false).getDetails()).isEmpty();
                    });
        }
    }

    @Test
    @DisplayName("on Boot 3.5 the application's own sealedSessionsHealthIndicator is kept")
    void healthWhenApplicationDefinesOneThenBackOff() {
        HealthIndicator own = () -> Health.up().withDetail("own", true).build();
        web.withPropertyValues("sealedsession.store=memory")
                .withBean("sealedSessionsHealthIndicator", HealthIndicator.class, () -> own)
                .run(context -> {
                    assertThat(context.getBeansOfType(HealthIndicator.class)).containsOnlyKeys("sealedSessionsHealthIndicator");
                    assertThat(context.getBean("sealedSessionsHealthIndicator")).isSameAs(own);
                });
    }

    @Test
    @DisplayName("on Boot 3.5 management.health.sealedsessions.enabled=false turns the indicator off")
    void healthWhenTurnedOffThenAbsent() {
        web.withPropertyValues("sealedsession.store=memory", "management.health.sealedsessions.enabled=false")
                .run(context -> assertThat(context.getBeansOfType(HealthIndicator.class)).isEmpty());
        web.withPropertyValues("sealedsession.store=memory")
                .run(context -> assertThat(context.getBean("sealedSessionsHealthIndicator", HealthIndicator.class)
                        .health().getStatus()).isEqualTo(Status.UP));
    }
}

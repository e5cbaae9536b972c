package io.sealedsession.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedsession.core.SessionManager;
import io.sealedsession.core.memory.InMemorySessionStore;
import io.sealedsession.core.port.SessionStore;
import io.sealedsession.tests.redis.RedisServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The conditions that only Boot 4 has in this form: its health API, and whole applications
 * started on its Tomcat auto-configuration. The rest is {@link SealedSessionsAutoConfigurationTest},
 * which runs on Boot 4 and on Boot 3.5.
 */
@ExtendWith(OutputCaptureExtension.class)
class Boot4AutoConfigurationTest {

    private static final String[] DEMO = SealedSessionsAutoConfigurationTest.DEMO;

    private final WebApplicationContextRunner web = new WebApplicationContextRunner()
            .withConfiguration(SealedSessionsAutoConfigurationTest.ALL);

    @Test
    @DisplayName("Spring Boot itself prints the failure analyses: a missing keyring and Spring Session's filter")
    void failureAnalyzersWhenStartFailsThenBootPrintsThem(CapturedOutput output) {
        SpringApplicationBuilder noKeyring = new SpringApplicationBuilder(Minimal.class).web(WebApplicationType.NONE)
                .properties("sealedsession.store=memory");
        assertThatThrownBy(noKeyring::run).hasRootCauseInstanceOf(KeyringMissingException.class);
        assertThat(output).contains("APPLICATION FAILED TO START").contains("Sealed Sessions has no keyring")
                .contains("sealedsession.keyring.throwaway=true");

        SpringApplicationBuilder springSession = new SpringApplicationBuilder(Minimal.class, WithSpringSessionFilter.class)
                .web(WebApplicationType.SERVLET).properties(DEMO).properties("server.port=0");
        assertThatThrownBy(springSession::run).hasRootCauseInstanceOf(SessionFilterConflictException.class);
        assertThat(output).contains("Two filters want to replace HttpSession");
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({SealedSessionsAutoConfiguration.class, TomcatServletWebServerAutoConfiguration.class})
    static class Minimal {}

    @Configuration(proxyBeanMethods = false)
    static class WithSpringSessionFilter {
        @Bean
        jakarta.servlet.Filter springSessionRepositoryFilter() {
            return (request, response, chain) -> chain.doFilter(request, response);
        }
    }

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

package io.sealedsession.spring.boot.boot3;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedsession.spring.boot.sample.SampleApplicationContract;
import io.sealedsession.spring.boot.sample.app.SampleApplication;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The sample application on Spring Boot 3.5, Spring Security 6.5 and Tomcat 10.1. */
@SpringBootTest(classes = {SampleApplication.class, Boot3TomcatSampleApplicationTest.Tomcat.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class Boot3TomcatSampleApplicationTest extends SampleApplicationContract {

    @Autowired
    HealthEndpoint health;

    @Test
    @DisplayName("on Boot 3.5 the health endpoint reports the sealedSessions component")
    void healthEndpointWhenRedisAnswersThenSealedSessionsUp() {
        HealthComponent component = health.healthForPath("sealedSessions");
        assertThat(component).isNotNull();
        assertThat(component.getStatus()).isEqualTo(Status.UP);
    }

    @Override
    protected Class<?> container() {
        return Tomcat.class;
    }

    @Configuration(proxyBeanMethods = false)
    static class Tomcat {
        @Bean
        TomcatServletWebServerFactory tomcat() {
            return new TomcatServletWebServerFactory();
        }
    }
}

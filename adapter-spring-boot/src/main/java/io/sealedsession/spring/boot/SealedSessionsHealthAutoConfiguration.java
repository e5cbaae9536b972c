package io.sealedsession.spring.boot;

import io.sealedsession.core.port.SessionStore;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code sealedSessions} health indicator, when Boot's health support is on the class path;
 * off with {@code management.health.sealedsessions.enabled=false}.
 */
@AutoConfiguration(after = SealedSessionsAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
public class SealedSessionsHealthAutoConfiguration {

    /** Nested, so that the health condition's class is loaded only once Boot's health support is known to be there. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(SessionStore.class)
    @ConditionalOnEnabledHealthIndicator("sealedsessions")
    static class Indicator {

        @Bean
        @ConditionalOnMissingBean(name = "sealedSessionsHealthIndicator")
        SealedSessionsHealthIndicator sealedSessionsHealthIndicator(SessionStore store) {
            return new SealedSessionsHealthIndicator(store);
        }
    }
}

package io.sealedsession.spring.boot;

import io.sealedsession.core.SessionManager;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@link SealedSessionsEndpoint}, when Actuator is on the class path and the endpoint is both
 * turned on and exposed (it is neither by default).
 */
@AutoConfiguration(after = SealedSessionsAutoConfiguration.class)
@ConditionalOnClass(name = {"org.springframework.boot.actuate.endpoint.annotation.Endpoint",
        "org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint"})
public class SealedSessionsEndpointAutoConfiguration {

    /** Nested, so that the endpoint condition's class is loaded only once Actuator is known to be there. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(SessionManager.class)
    @ConditionalOnAvailableEndpoint(endpoint = SealedSessionsEndpoint.class)
    static class Available {

        @Bean
        @ConditionalOnMissingBean
        SealedSessionsEndpoint sealedSessionsEndpoint(SessionManager manager) {
            return new SealedSessionsEndpoint(manager);
        }
    }
}

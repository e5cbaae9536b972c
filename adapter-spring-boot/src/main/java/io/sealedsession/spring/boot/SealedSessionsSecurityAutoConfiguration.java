package io.sealedsession.spring.boot;

import io.sealedsession.core.SessionManager;
import io.sealedsession.core.port.AttributeCodec;
import io.sealedsession.spring.boot.security.SealedSecurityContextRepository;
import io.sealedsession.spring.boot.security.SealedSessionAuthenticationStrategy;
import io.sealedsession.spring.boot.security.SealedSessionRegistry;
import io.sealedsession.spring.boot.security.SealedSessions;
import io.sealedsession.spring.boot.security.SealedSessionsHttpConfigurer;
import io.sealedsession.spring.boot.security.SpringSecurityAttributeCodec;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * Spring Security on sealed sessions, when Spring Security is on the class path. The
 * application keeps its usual {@code SecurityFilterChain}; {@link SealedSessionsHttpConfigurer},
 * which Spring Security applies to every {@code HttpSecurity} before the application configures
 * it, sets what the {@link SealedSessions} bean holds:
 * <ul>
 *   <li>the security context repository: {@link SealedSecurityContextRepository} (the context in
 *       the sealed session, no Java serialization), with Spring's request-attribute repository
 *       beside it for dispatches within one request;</li>
 *   <li>the session authentication strategy: {@link SealedSessionAuthenticationStrategy}
 *       (sign-in binds, indexes and rotates through {@code SealedSessions.authenticate}).</li>
 * </ul>
 * and a {@link SealedSessionRegistry} bean, which Spring's {@code maximumSessions(n)} picks up, and
 * the attribute codec {@link SpringSecurityAttributeCodec}, so that what Spring Security itself keeps
 * in the session (the CSRF token, the page to return to, the last sign-in error) is stored without
 * Java serialization.
 * Each bean backs off when the application defines one of that type; an application's own
 * {@link SecurityContextRepository} or {@link SessionAuthenticationStrategy} bean is then the one
 * the configurer sets. Logout needs nothing: Spring's logout invalidates the {@code HttpSession},
 * which deletes the sealed record and expires the cookie.
 */
@AutoConfiguration(after = SealedSessionsAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({HttpSecurity.class, SecurityContextRepository.class})
@ConditionalOnBean(SessionManager.class)
public class SealedSessionsSecurityAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(AttributeCodec.class)
    public SpringSecurityAttributeCodec sealedSessionsAttributeCodec() {
        return new SpringSecurityAttributeCodec(AttributeCodec.builtIn());
    }

    @Bean
    @ConditionalOnMissingBean(SecurityContextRepository.class)
    public SealedSecurityContextRepository sealedSecurityContextRepository() {
        return new SealedSecurityContextRepository();
    }

    @Bean
    @ConditionalOnMissingBean(SessionAuthenticationStrategy.class)
    public SealedSessionAuthenticationStrategy sealedSessionAuthenticationStrategy() {
        return new SealedSessionAuthenticationStrategy();
    }

    @Bean
    @ConditionalOnMissingBean(SessionRegistry.class)
    public SealedSessionRegistry sealedSessionRegistry(SessionManager manager) {
        return new SealedSessionRegistry(manager);
    }

    @Bean
    @ConditionalOnMissingBean
    public SealedSessions sealedSessionsSecurity(SecurityContextRepository repository, SessionAuthenticationStrategy strategy) {
        return new SealedSessions(repository, strategy);
    }
}

package io.sealedsession.spring.boot.security;

import java.util.Objects;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * What {@link SealedSessionsHttpConfigurer} puts into each {@code HttpSecurity}: the security
 * context repository and the sign-in strategy. The auto-configuration defines one as a bean; its
 * presence is what turns the configurer on.
 *
 * @param securityContextRepository where the security context is kept (by default a
 *     {@link SealedSecurityContextRepository})
 * @param authenticationStrategy what happens at sign-in (by default a
 *     {@link SealedSessionAuthenticationStrategy})
 */
public record SealedSessions(SecurityContextRepository securityContextRepository,
        SessionAuthenticationStrategy authenticationStrategy) {

    public SealedSessions {
        Objects.requireNonNull(securityContextRepository, "securityContextRepository");
        Objects.requireNonNull(authenticationStrategy, "authenticationStrategy");
    }
}

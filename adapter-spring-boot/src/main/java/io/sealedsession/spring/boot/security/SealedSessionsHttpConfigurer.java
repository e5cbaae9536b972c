package io.sealedsession.spring.boot.security;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationContext;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;

/**
 * Puts sealed sessions into every {@code HttpSecurity} the application builds: Spring Security
 * applies it by itself (it is listed in this jar's {@code META-INF/spring.factories} as a default
 * {@code AbstractHttpConfigurer}), on Spring Security 6 and 7 alike, so the application's
 * {@code SecurityFilterChain} stays as it is.
 *
 * <p>It sets the security context repository of {@link SealedSessions} (with Spring's
 * request-attribute repository beside it, for dispatches within one request) and the session
 * authentication strategy, both before the application's own configuration runs, so that an
 * application that sets its own in its {@code SecurityFilterChain} still has the last word. When
 * the auto-configuration is not active (no {@link SealedSessions} bean) it does nothing.
 */
public final class SealedSessionsHttpConfigurer extends AbstractHttpConfigurer<SealedSessionsHttpConfigurer, HttpSecurity> {

    /**
     * Configures {@code http} as soon as Spring Security hands it over, which is before the
     * application's {@code SecurityFilterChain} method sees it: {@code init} would run after
     * Spring's own configurers have read the repository.
     */
    @Override
    public void setBuilder(HttpSecurity http) {
        super.setBuilder(http);
        ApplicationContext context = http.getSharedObject(ApplicationContext.class);
        if (context == null) {
            return;
        }
        ObjectProvider<SealedSessions> provider = context.getBeanProvider(SealedSessions.class);
        SealedSessions sealed = provider.getIfUnique();
        if (sealed == null) {
            return;
        }
        try {
            http.securityContext(securityContext -> securityContext.securityContextRepository(new DelegatingSecurityContextRepository(
                    sealed.securityContextRepository(), new RequestAttributeSecurityContextRepository())));
            http.sessionManagement(sessions -> sessions.sessionAuthenticationStrategy(sealed.authenticationStrategy()));
        } catch (Exception e) {
            // Spring Security 6 declares these methods as throwing; they do not for these arguments.
            throw new IllegalStateException("could not put sealed sessions into HttpSecurity", e);
        }
    }
}

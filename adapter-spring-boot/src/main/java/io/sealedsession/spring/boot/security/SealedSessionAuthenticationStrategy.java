package io.sealedsession.spring.boot.security;

import io.sealedsession.core.SessionLimitExceededException;
import io.sealedsession.servlet.SealedSessions;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.session.SessionAuthenticationException;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;

/**
 * Sign-in through {@link SealedSessions#authenticate}, in place of Spring Security's
 * {@code ChangeSessionIdAuthenticationStrategy}: the session is bound to
 * {@link Authentication#getName()}, filed in that principal's index and given a new token, and the
 * policy's per-principal cap is applied. The token presented before sign-in opens nothing
 * afterwards.
 *
 * <p>When the policy rejects sign-ins at the cap, the sign-in fails with a
 * {@link SessionAuthenticationException}, which Spring Security reports as a failed login.
 * Spring's own {@code maximumSessions(n)} runs before this strategy, through
 * {@link SealedSessionRegistry}. Thread-safe.
 */
public final class SealedSessionAuthenticationStrategy implements SessionAuthenticationStrategy {

    @Override
    public void onAuthentication(Authentication authentication, HttpServletRequest request, HttpServletResponse response) {
        try {
            SealedSessions.authenticate(request, authentication.getName());
        } catch (SessionLimitExceededException e) {
            throw new SessionAuthenticationException("this account holds as many sessions as the policy allows");
        }
    }
}

/**
 * Spring Security on sealed sessions: the security context kept in the sealed session through an
 * allow-listed codec ({@link io.sealedsession.spring.boot.security.SealedSecurityContextRepository}),
 * sign-in through {@link io.sealedsession.servlet.SealedSessions#authenticate}
 * ({@link io.sealedsession.spring.boot.security.SealedSessionAuthenticationStrategy}), and a
 * {@link org.springframework.security.core.session.SessionRegistry} over the principal index
 * ({@link io.sealedsession.spring.boot.security.SealedSessionRegistry}), so that
 * {@code maximumSessions(n)} holds across instances.
 */
@NullMarked
package io.sealedsession.spring.boot.security;

import org.jspecify.annotations.NullMarked;

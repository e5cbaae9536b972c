/**
 * Spring Boot auto-configuration for Sealed Sessions: a {@link io.sealedsession.core.SessionManager}
 * over a Redis store and a keyring, configured from {@code sealedsession.*} properties, and the
 * servlet filter registered ahead of Spring Security's. See
 * {@link io.sealedsession.spring.boot.SealedSessionsAutoConfiguration} for what is created and when
 * each bean backs off, and {@link io.sealedsession.spring.boot.security} for the Spring Security
 * integration.
 */
@NullMarked
package io.sealedsession.spring.boot;

import org.jspecify.annotations.NullMarked;

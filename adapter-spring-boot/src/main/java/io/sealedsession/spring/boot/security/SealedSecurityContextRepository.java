package io.sealedsession.spring.boot.security;

import io.sealedsession.core.Session;
import io.sealedsession.servlet.SealedSessions;
import io.sealedsession.spring.boot.internal.AuthenticationCodec;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.DeferredSecurityContext;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.HttpRequestResponseHolder;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * Keeps Spring Security's {@link SecurityContext} in the sealed session, without Java
 * serialization: the authentication is stored as one attribute of built-in types (its name, its
 * authorities, its kind, and for OAuth2 the user's attributes) and rebuilt on each request from an
 * allow-list of authentication types ({@code UsernamePasswordAuthenticationToken},
 * {@code PreAuthenticatedAuthenticationToken}, {@code OAuth2AuthenticationToken}). An
 * authentication of another type is refused when it is saved, with a message naming its class.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>A context is stored only in a session bound to its principal: saving an authentication
 *       into a session that is not yet signed in to that name signs it in first
 *       ({@link SealedSessions#authenticate}, which gives the session a new token), so a token
 *       issued before sign-in never carries an authenticated context.</li>
 *   <li>A stored context is loaded only when the session is still bound to the same name.</li>
 *   <li>Loading is deferred: a request that never asks who is signed in does not read its
 *       session. Reading costs the session's one read; saving an unchanged context writes
 *       nothing.</li>
 *   <li>An empty or anonymous context removes what is stored and never creates a session.</li>
 * </ul>
 *
 * <p>Requests must pass through the {@code SealedSessionFilter}; on a request that did not, the
 * repository stores nothing and loads an empty context. Thread-safe.
 */
public final class SealedSecurityContextRepository implements SecurityContextRepository {

    /** The session attribute that holds the stored authentication. */
    public static final String ATTRIBUTE = "io.sealedsession.security.authentication";

    private static final Logger LOG = LoggerFactory.getLogger(SealedSecurityContextRepository.class);

    private final AuthenticationTrustResolver trustResolver = new AuthenticationTrustResolverImpl();
    private SecurityContextHolderStrategy holderStrategy = SecurityContextHolder.getContextHolderStrategy();

    /** The strategy whose empty contexts this repository hands out (default: the global one). */
    public void setSecurityContextHolderStrategy(SecurityContextHolderStrategy strategy) {
        this.holderStrategy = Objects.requireNonNull(strategy, "strategy");
    }

    @Override
    @Deprecated
    public SecurityContext loadContext(HttpRequestResponseHolder holder) {
        SecurityContext loaded = load(holder.getRequest());
        return loaded != null ? loaded : holderStrategy.createEmptyContext();
    }

    @Override
    public DeferredSecurityContext loadDeferredContext(HttpServletRequest request) {
        return new Deferred(() -> load(request), holderStrategy);
    }

    @Override
    public void saveContext(SecurityContext context, HttpServletRequest request, HttpServletResponse response) {
        Authentication authentication = context.getAuthentication();
        if (authentication == null || trustResolver.isAnonymous(authentication) || !authentication.isAuthenticated()) {
            session(request).ifPresent(session -> {
                if (session.getAttribute(ATTRIBUTE) != null) {
                    session.removeAttribute(ATTRIBUTE);
                }
            });
            return;
        }
        Map<String, Object> encoded = AuthenticationCodec.encode(authentication);
        String name = authentication.getName();
        Session session = session(request).orElse(null);
        if (session == null || !session.principal().filter(name::equals).isPresent()) {
            SealedSessions.authenticate(request, name);
            session = session(request).orElseThrow(() -> new IllegalStateException("sign-in left the request without a session"));
        }
        if (!encoded.equals(session.getAttribute(ATTRIBUTE))) {
            session.setAttribute(ATTRIBUTE, encoded);
        }
    }

    @Override
    public boolean containsContext(HttpServletRequest request) {
        return session(request).map(session -> session.getAttribute(ATTRIBUTE) != null).orElse(false);
    }

    private @Nullable SecurityContext load(HttpServletRequest request) {
        Session session = session(request).orElse(null);
        if (session == null) {
            return null;
        }
        Object stored = session.getAttribute(ATTRIBUTE);
        if (stored == null) {
            return null;
        }
        Authentication authentication = AuthenticationCodec.decode(stored);
        if (authentication == null) {
            LOG.warn("session {} holds a security context this version cannot read; treating it as not signed in",
                    session.key().fingerprint());
            return null;
        }
        if (!session.principal().filter(authentication.getName()::equals).isPresent()) {
            LOG.warn("session {} holds a security context for another principal than the one it is bound to; ignored",
                    session.key().fingerprint());
            return null;
        }
        SecurityContext context = holderStrategy.createEmptyContext();
        context.setAuthentication(authentication);
        return context;
    }

    private static Optional<Session> session(HttpServletRequest request) {
        try {
            return SealedSessions.session(request);
        } catch (IllegalStateException noFilter) {
            return Optional.empty();
        }
    }

    /** Loads on first use, once. */
    private static final class Deferred implements DeferredSecurityContext {
        private final Supplier<@Nullable SecurityContext> loader;
        private final SecurityContextHolderStrategy strategy;
        private @Nullable SecurityContext context;
        private boolean generated;

        Deferred(Supplier<@Nullable SecurityContext> loader, SecurityContextHolderStrategy strategy) {
            this.loader = loader;
            this.strategy = strategy;
        }

        @Override
        public synchronized SecurityContext get() {
            if (context == null) {
                SecurityContext loaded = loader.get();
                generated = loaded == null;
                context = loaded != null ? loaded : strategy.createEmptyContext();
            }
            return context;
        }

        @Override
        public synchronized boolean isGenerated() {
            get();
            return generated;
        }
    }
}

package io.sealedsession.spring.boot.security;

import io.sealedsession.core.SessionInfo;
import io.sealedsession.core.SessionManager;
import io.sealedsession.spring.boot.internal.Principals;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.session.SessionRegistry;

/**
 * A {@link SessionRegistry} over the store's principal index, so that Spring Security's
 * {@code sessionManagement().maximumSessions(n)} counts every live session of a user, on every
 * instance and on Cluster, and ending one ends it in the store.
 *
 * <ul>
 *   <li>{@link #getAllSessions} lists {@link SessionManager#sessionsOf}: live sessions only (the
 *       index drops sessions that expired or were ended), identified by their handle, which is what
 *       {@code HttpSession.getId()} returns. A token never appears.</li>
 *   <li>{@link SessionInformation#expireNow()} on what it returns ends that session in the store
 *       ({@link SessionManager#invalidate(String, String)}) rather than marking it: the session's
 *       next request finds no session on any instance.</li>
 *   <li>Registering, refreshing and removing do nothing: the index is written by sign-in
 *       ({@link SealedSessionAuthenticationStrategy}) and kept by the store.</li>
 *   <li>{@link #getAllPrincipals()} is empty: the index is filed under a keyed hash of each name,
 *       and the names themselves are stored nowhere.</li>
 *   <li>{@link #getSessionInformation(String)} returns null: an ended session is gone from the
 *       store, so Spring's {@code ConcurrentSessionFilter} has nothing to expire.</li>
 * </ul>
 *
 * <p>The last-request time is the session's last access as the store records it, which lags by
 * at most the policy's lazy touch interval. Thread-safe.
 */
public final class SealedSessionRegistry implements SessionRegistry {

    private final SessionManager manager;

    public SealedSessionRegistry(SessionManager manager) {
        this.manager = Objects.requireNonNull(manager, "manager");
    }

    @Override
    public List<Object> getAllPrincipals() {
        return new ArrayList<>();
    }

    @Override
    public List<SessionInformation> getAllSessions(Object principal, boolean includeExpiredSessions) {
        String name = Principals.nameOf(principal);
        List<SessionInformation> sessions = new ArrayList<>();
        for (SessionInfo info : manager.sessionsOf(name)) {
            sessions.add(new IndexedSession(principal, name, info, manager));
        }
        return sessions;
    }

    @Override
    public @Nullable SessionInformation getSessionInformation(String sessionId) {
        return null;
    }

    @Override
    public void refreshLastRequest(String sessionId) {}

    @Override
    public void registerNewSession(String sessionId, Object principal) {}

    @Override
    public void removeSessionInformation(String sessionId) {}

    /** One indexed session; {@link #expireNow()} ends it in the store. */
    private static final class IndexedSession extends SessionInformation {
        private static final long serialVersionUID = 1L;

        private final String name;
        private final transient SessionManager manager;

        IndexedSession(Object principal, String name, SessionInfo info, SessionManager manager) {
            super(principal, info.handle(), Date.from(info.lastAccessedAt()));
            this.name = name;
            this.manager = manager;
        }

        @Override
        public void expireNow() {
            manager.invalidate(name, getSessionId());
            super.expireNow();
        }
    }
}

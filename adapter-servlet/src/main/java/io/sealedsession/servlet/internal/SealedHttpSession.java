package io.sealedsession.servlet.internal;

import io.sealedsession.core.Session;
import io.sealedsession.core.SessionInfo;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;
import java.time.Duration;
import java.util.Collections;
import java.util.Enumeration;
import org.jspecify.annotations.Nullable;

/**
 * {@link HttpSession} over one request's {@link Session}.
 *
 * <p>{@link #getId()} is the session's handle, a one-way name of its key, never its token: the
 * id is safe to log and to show, and it changes whenever the token does. Values read back are the
 * codec's decoded copies, so changing a mutable value in place does not change the session; set
 * it again.
 *
 * <p>Methods other than {@link #getId()}, {@link #getServletContext()} and
 * {@link #getMaxInactiveInterval()} throw {@link IllegalStateException} once the session was
 * invalidated (here, or found deleted by another request when it was saved), as the Servlet
 * specification asks.
 */
final class SealedHttpSession implements HttpSession {

    private final RequestContext context;
    private final Session session;
    private final boolean createdByThisRequest;
    private final ServletContext servletContext;
    private boolean invalidating;

    SealedHttpSession(RequestContext context, Session session, boolean createdByThisRequest, ServletContext servletContext) {
        this.context = context;
        this.session = session;
        this.createdByThisRequest = createdByThisRequest;
        this.servletContext = servletContext;
    }

    Session session() {
        return session;
    }

    @Override
    public String getId() {
        return SessionInfo.handleOf(session.key());
    }

    @Override
    public long getCreationTime() {
        requireValid("getCreationTime");
        return session.createdAt().toEpochMilli();
    }

    /** When the session was last used, to within the manager's lazy touch interval. */
    @Override
    public long getLastAccessedTime() {
        requireValid("getLastAccessedTime");
        return session.lastAccessedAt().toEpochMilli();
    }

    @Override
    public ServletContext getServletContext() {
        return servletContext;
    }

    /**
     * Sets the idle timeout. Zero or less means "until the absolute lifetime ends", and a value
     * beyond the absolute lifetime is cut to it: a session never outlives its absolute deadline,
     * so both have the effect the caller asked for as far as the policy allows.
     */
    @Override
    public void setMaxInactiveInterval(int interval) {
        requireValid("setMaxInactiveInterval");
        Duration lifetime = context.manager().policy().absoluteLifetime();
        Duration requested = Duration.ofSeconds(interval);
        session.setIdleTimeout(interval <= 0 || requested.compareTo(lifetime) > 0 ? lifetime : requested);
    }

    @Override
    public int getMaxInactiveInterval() {
        return (int) Math.min(Integer.MAX_VALUE, session.idleTimeout().getSeconds());
    }

    @Override
    public @Nullable Object getAttribute(String name) {
        requireValid("getAttribute");
        return session.getAttribute(requireName(name));
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        requireValid("getAttributeNames");
        return Collections.enumeration(session.attributeNames());
    }

    /**
     * Sets an attribute; a null value removes it.
     *
     * @throws io.sealedsession.core.AttributeNotEncodableException when the manager's codec cannot
     *     encode the value; the message names the attribute and the type, and the session is left
     *     as it was
     * @throws io.sealedsession.core.SessionTooLargeException when the session would exceed the
     *     policy's limits
     */
    @Override
    public void setAttribute(String name, @Nullable Object value) {
        requireValid("setAttribute");
        requireName(name);
        if (value == null) {
            removeAttribute(name);
            return;
        }
        Object old = session.attributeNames().contains(name) ? session.getAttribute(name) : null;
        session.setAttribute(name, value);
        context.listeners().set(this, name, value, old);
    }

    @Override
    public void removeAttribute(String name) {
        requireValid("removeAttribute");
        requireName(name);
        if (!session.attributeNames().contains(name)) {
            return;
        }
        Object old = session.getAttribute(name);
        session.removeAttribute(name);
        if (old != null) {
            context.listeners().removed(this, name, old);
        }
    }

    /**
     * Ends the session: listeners hear {@code sessionDestroyed} while it is still readable, bound
     * values and attribute listeners hear each attribute's removal, then the record is deleted
     * from the store and the client is told to drop its cookie.
     */
    @Override
    public void invalidate() {
        requireValid("invalidate");
        if (invalidating) {
            throw new IllegalStateException("the session is already being invalidated");
        }
        invalidating = true;
        try {
            SessionListeners listeners = context.listeners();
            listeners.destroyed(this);
            for (String name : session.attributeNames()) {
                Object value = session.getAttribute(name);
                if (value != null) {
                    listeners.removed(this, name, value);
                }
            }
        } finally {
            invalidating = false;
            context.invalidated(session);
        }
    }

    /** True only for the request that created the session: the client has never presented it. */
    @Override
    public boolean isNew() {
        requireValid("isNew");
        return createdByThisRequest;
    }

    private void requireValid(String method) {
        if (session.isEnded()) {
            throw new IllegalStateException(method + ": the session " + getId() + " was invalidated");
        }
    }

    private static String requireName(String name) {
        if (name == null) {
            throw new IllegalArgumentException("an attribute name must not be null");
        }
        return name;
    }

    @Override
    public String toString() {
        return "SealedHttpSession[" + getId() + "]";
    }
}

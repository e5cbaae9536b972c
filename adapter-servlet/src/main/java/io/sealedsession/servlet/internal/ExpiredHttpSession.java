package io.sealedsession.servlet.internal;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;
import java.util.Enumeration;
import org.jspecify.annotations.Nullable;

/**
 * The stand-in that {@code sessionDestroyed} receives for a session the store expired by itself.
 * Its record is gone, so all it knows is the session's handle, which is {@link #getId()} (the id
 * the session had in every request, {@link io.sealedsession.core.SessionInfo#handleOf}). It has
 * no attributes and no times; {@link #getMaxInactiveInterval()} is 0, and every method that would
 * read or change the session's content throws {@link IllegalStateException}, as for an invalidated
 * session.
 */
public final class ExpiredHttpSession implements HttpSession {

    private final String handle;
    private final @Nullable ServletContext servletContext;

    public ExpiredHttpSession(String handle, @Nullable ServletContext servletContext) {
        this.handle = handle;
        this.servletContext = servletContext;
    }

    @Override
    public String getId() {
        return handle;
    }

    /** The filter's servlet context, or null when the filter was not initialised by a container. */
    @Override
    public ServletContext getServletContext() {
        return servletContext;
    }

    @Override
    public int getMaxInactiveInterval() {
        return 0;
    }

    @Override
    public long getCreationTime() {
        throw expired("getCreationTime");
    }

    @Override
    public long getLastAccessedTime() {
        throw expired("getLastAccessedTime");
    }

    @Override
    public void setMaxInactiveInterval(int interval) {
        throw expired("setMaxInactiveInterval");
    }

    @Override
    public @Nullable Object getAttribute(String name) {
        throw expired("getAttribute");
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        throw expired("getAttributeNames");
    }

    @Override
    public void setAttribute(String name, @Nullable Object value) {
        throw expired("setAttribute");
    }

    @Override
    public void removeAttribute(String name) {
        throw expired("removeAttribute");
    }

    @Override
    public void invalidate() {
        throw expired("invalidate");
    }

    @Override
    public boolean isNew() {
        throw expired("isNew");
    }

    private static IllegalStateException expired(String method) {
        return new IllegalStateException(method + ": the session expired in the store; only its id remains");
    }

    @Override
    public String toString() {
        return "ExpiredHttpSession[" + handle + "]";
    }
}

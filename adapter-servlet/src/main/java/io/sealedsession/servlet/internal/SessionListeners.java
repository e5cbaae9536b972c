package io.sealedsession.servlet.internal;

import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EventListener;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The servlet session listeners a filter notifies, in registration order (and in reverse order
 * for {@code sessionDestroyed}, as the Servlet specification asks). Immutable.
 */
public final class SessionListeners {

    private final List<HttpSessionListener> sessionListeners;
    private final List<HttpSessionListener> sessionListenersReversed;
    private final List<HttpSessionAttributeListener> attributeListeners;
    private final List<HttpSessionIdListener> idListeners;

    private SessionListeners(List<EventListener> listeners) {
        List<HttpSessionListener> sessions = new ArrayList<>();
        List<HttpSessionAttributeListener> attributes = new ArrayList<>();
        List<HttpSessionIdListener> ids = new ArrayList<>();
        for (EventListener listener : listeners) {
            if (listener instanceof HttpSessionListener l) {
                sessions.add(l);
            }
            if (listener instanceof HttpSessionAttributeListener l) {
                attributes.add(l);
            }
            if (listener instanceof HttpSessionIdListener l) {
                ids.add(l);
            }
        }
        this.sessionListeners = List.copyOf(sessions);
        List<HttpSessionListener> reversed = new ArrayList<>(sessions);
        Collections.reverse(reversed);
        this.sessionListenersReversed = List.copyOf(reversed);
        this.attributeListeners = List.copyOf(attributes);
        this.idListeners = List.copyOf(ids);
    }

    /** Sorts listeners by the interfaces they implement; one object may implement several. */
    public static SessionListeners of(List<EventListener> listeners) {
        return new SessionListeners(listeners);
    }

    /** Whether {@code listener} implements at least one interface this class notifies. */
    public static boolean isSupported(EventListener listener) {
        return listener instanceof HttpSessionListener
                || listener instanceof HttpSessionAttributeListener
                || listener instanceof HttpSessionIdListener;
    }

    void created(HttpSession session) {
        HttpSessionEvent event = new HttpSessionEvent(session);
        sessionListeners.forEach(l -> l.sessionCreated(event));
    }

    void destroyed(HttpSession session) {
        HttpSessionEvent event = new HttpSessionEvent(session);
        sessionListenersReversed.forEach(l -> l.sessionDestroyed(event));
    }

    /** Tells the session listeners that the store expired the session {@code expired} stands for. */
    public void expired(ExpiredHttpSession expired) {
        destroyed(expired);
    }

    void idChanged(HttpSession session, String oldId) {
        HttpSessionEvent event = new HttpSessionEvent(session);
        idListeners.forEach(l -> l.sessionIdChanged(event, oldId));
    }

    /**
     * Notifies a newly set value, the value it replaced, and the attribute listeners, in the
     * order the specification gives: {@code valueBound} on the new value, {@code valueUnbound} on
     * the old one, then {@code attributeAdded} or {@code attributeReplaced} (whose event carries
     * the old value).
     */
    void set(HttpSession session, String name, Object value, @Nullable Object old) {
        if (value instanceof HttpSessionBindingListener bound) {
            bound.valueBound(new HttpSessionBindingEvent(session, name, value));
        }
        if (old != null && old != value && old instanceof HttpSessionBindingListener unbound) {
            unbound.valueUnbound(new HttpSessionBindingEvent(session, name, old));
        }
        if (old == null) {
            HttpSessionBindingEvent event = new HttpSessionBindingEvent(session, name, value);
            attributeListeners.forEach(l -> l.attributeAdded(event));
        } else {
            HttpSessionBindingEvent event = new HttpSessionBindingEvent(session, name, old);
            attributeListeners.forEach(l -> l.attributeReplaced(event));
        }
    }

    /** Notifies a removed value ({@code valueUnbound}) and then the attribute listeners. */
    void removed(HttpSession session, String name, Object old) {
        HttpSessionBindingEvent event = new HttpSessionBindingEvent(session, name, old);
        if (old instanceof HttpSessionBindingListener unbound) {
            unbound.valueUnbound(event);
        }
        attributeListeners.forEach(l -> l.attributeRemoved(event));
    }
}

package io.sealedsession.core.port;

import io.sealedsession.core.SessionEvent;

/**
 * Receives audit events. Called on the thread of the request that caused the event; an
 * implementation must be quick and must not throw (an exception is logged and otherwise ignored,
 * so that auditing can never break a request).
 */
@FunctionalInterface
public interface SessionEventListener {

    /**
     * Receives one event, on the thread of the request it concerns. Must be quick and must not
     * throw; an exception is logged and the request goes on.
     */
    void onEvent(SessionEvent event);

    /** Calls both listeners, this one first. */
    default SessionEventListener andThen(SessionEventListener next) {
        return event -> {
            onEvent(event);
            next.onEvent(event);
        };
    }
}

package io.sealedsession.core.port;

/**
 * Told when the store expired a session on its own (its time to live ran out), as opposed to a
 * session ended by a request. It receives the session's handle ({@link
 * io.sealedsession.core.SessionInfo#handleOf}), never a token or a key: the session is gone, and
 * the handle is what an application shows and correlates.
 *
 * <p>Called on a thread of the watcher that noticed the expiry, at most once per expired session
 * across every instance that watches the same store, and possibly never (see the watcher's
 * documentation for what is missed). An implementation must be quick and must not throw; an
 * exception is logged and otherwise ignored.
 */
@FunctionalInterface
public interface SessionExpiryListener {

    /** @param handle the expired session's handle, 22 URL-safe characters */
    void sessionExpired(String handle);
}

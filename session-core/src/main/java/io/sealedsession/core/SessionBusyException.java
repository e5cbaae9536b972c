package io.sealedsession.core;

/**
 * The opt-in per-session lock was held by another request for longer than this request was
 * willing to wait ({@link SessionManager#findLocked}). Nothing was read or written; retry later.
 */
public class SessionBusyException extends SessionConflictException {

    private static final long serialVersionUID = 1L;

    /** @param message what was locked and how long this request waited; never a token */
    public SessionBusyException(String message) {
        super(message);
    }
}

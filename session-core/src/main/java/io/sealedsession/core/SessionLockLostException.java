package io.sealedsession.core;

/**
 * A request that held the session's lock wrote after its lease had run out (and possibly after
 * another request took the lock): the write was refused, so a holder that was too slow never
 * overwrites what the next holder did. This request's changes were not saved.
 */
public class SessionLockLostException extends SessionConflictException {

    private static final long serialVersionUID = 1L;

    /** @param message which session, by fingerprint, and that its changes were not saved */
    public SessionLockLostException(String message) {
        super(message);
    }
}

package io.sealedsession.core;

/** What {@link SessionManager#save} did. */
public enum SaveResult {
    /** The session was written. */
    SAVED,
    /** Nothing had changed, so nothing was written. */
    UNCHANGED,
    /**
     * The session had been deleted (signed out, revoked, expired) meanwhile, or was invalidated by
     * this request. Nothing was written and the session stays gone.
     */
    GONE
}

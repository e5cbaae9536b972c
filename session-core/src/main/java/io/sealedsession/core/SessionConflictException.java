package io.sealedsession.core;

/**
 * Concurrent writers kept changing a session while this request tried to save it, more times than the configured number of attempts allow. This request's changes were not saved.
 */
public class SessionConflictException extends SessionException {

    private static final long serialVersionUID = 1L;

    public SessionConflictException(String message) {
        super(message);
    }

    public SessionConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}

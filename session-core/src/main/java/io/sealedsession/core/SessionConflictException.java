package io.sealedsession.core;

/**
 * Concurrent writers kept changing a session while this request tried to save it, more times than the configured number of attempts allow. This request's changes were not saved.
 */
public class SessionConflictException extends SessionException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened and where; never a token, key or key material
     */
    public SessionConflictException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message what happened and where; never a token, key or key material
     * @param cause the failure underneath, kept for the stack trace
     */
    public SessionConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}

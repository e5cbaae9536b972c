package io.sealedsession.core;

/**
 * An operation that the session's state does not allow, such as saving a session that was invalidated.
 */
public class InvalidSessionStateException extends SessionException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened and where; never a token, key or key material
     */
    public InvalidSessionStateException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message what happened and where; never a token, key or key material
     * @param cause the failure underneath, kept for the stack trace
     */
    public InvalidSessionStateException(String message, Throwable cause) {
        super(message, cause);
    }
}

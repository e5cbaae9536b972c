package io.sealedsession.core;

/**
 * An operation that the session's state does not allow, such as saving a session that was invalidated.
 */
public class InvalidSessionStateException extends SessionException {

    private static final long serialVersionUID = 1L;

    public InvalidSessionStateException(String message) {
        super(message);
    }

    public InvalidSessionStateException(String message, Throwable cause) {
        super(message, cause);
    }
}

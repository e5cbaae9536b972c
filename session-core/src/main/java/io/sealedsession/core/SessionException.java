package io.sealedsession.core;

/**
 * The root of every exception this library throws. Unchecked.
 *
 * <p>Messages name what happened and where (which store, which attribute, which limit) and never
 * contain a token, a session key or key material.
 */
public class SessionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened and where; never a token, key or key material
     */
    public SessionException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message what happened and where; never a token, key or key material
     * @param cause the failure underneath, kept for the stack trace
     */
    public SessionException(String message, Throwable cause) {
        super(message, cause);
    }
}

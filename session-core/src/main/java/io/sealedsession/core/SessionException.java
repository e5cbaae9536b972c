package io.sealedsession.core;

/**
 * The root of every exception this library throws. Unchecked.
 *
 * <p>Messages name what happened and where (which store, which attribute, which limit) and never
 * contain a token, a session key or key material.
 */
public class SessionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SessionException(String message) {
        super(message);
    }

    public SessionException(String message, Throwable cause) {
        super(message, cause);
    }
}

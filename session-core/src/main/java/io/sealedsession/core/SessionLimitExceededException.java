package io.sealedsession.core;

/**
 * A principal already holds the maximum number of sessions and the policy says to reject new ones ({@link PrincipalCap.AtCap#REJECT}).
 */
public class SessionLimitExceededException extends SessionException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened and where; never a token, key or key material
     */
    public SessionLimitExceededException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message what happened and where; never a token, key or key material
     * @param cause the failure underneath, kept for the stack trace
     */
    public SessionLimitExceededException(String message, Throwable cause) {
        super(message, cause);
    }
}

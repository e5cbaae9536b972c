package io.sealedsession.core;

/**
 * A principal already holds the maximum number of sessions and the policy says to reject new ones ({@link PrincipalCap.AtCap#REJECT}).
 */
public class SessionLimitExceededException extends SessionException {

    private static final long serialVersionUID = 1L;

    public SessionLimitExceededException(String message) {
        super(message);
    }

    public SessionLimitExceededException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.sealedsession.core;

/**
 * The store could not be reached or did not answer in time. The operation had no effect that can be relied on; it may be retried once the store is back. A servlet container should answer 503.
 */
public class SessionStoreUnavailableException extends SessionException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened and where; never a token, key or key material
     */
    public SessionStoreUnavailableException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message what happened and where; never a token, key or key material
     * @param cause the failure underneath, kept for the stack trace
     */
    public SessionStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

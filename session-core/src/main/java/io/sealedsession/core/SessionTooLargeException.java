package io.sealedsession.core;

/**
 * A session's record is larger than {@link SessionPolicy#maxRecordBytes()}, or holds more attributes than {@link SessionPolicy#maxAttributes()}. Nothing was written.
 */
public class SessionTooLargeException extends SessionException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened and where; never a token, key or key material
     */
    public SessionTooLargeException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message what happened and where; never a token, key or key material
     * @param cause the failure underneath, kept for the stack trace
     */
    public SessionTooLargeException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.sealedsession.core;

/**
 * A session's record is larger than {@link SessionPolicy#maxRecordBytes()}, or holds more attributes than {@link SessionPolicy#maxAttributes()}. Nothing was written.
 */
public class SessionTooLargeException extends SessionException {

    private static final long serialVersionUID = 1L;

    public SessionTooLargeException(String message) {
        super(message);
    }

    public SessionTooLargeException(String message, Throwable cause) {
        super(message, cause);
    }
}

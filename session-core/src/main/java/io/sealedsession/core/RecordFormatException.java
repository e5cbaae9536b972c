package io.sealedsession.core;

/**
 * Bytes that are not a well-formed session record or attribute value. The decoders throw this and nothing else for any input.
 */
public class RecordFormatException extends SessionException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened and where; never a token, key or key material
     */
    public RecordFormatException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message what happened and where; never a token, key or key material
     * @param cause the failure underneath, kept for the stack trace
     */
    public RecordFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}

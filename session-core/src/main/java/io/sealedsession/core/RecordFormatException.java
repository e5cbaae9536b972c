package io.sealedsession.core;

/**
 * Bytes that are not a well-formed session record or attribute value. The decoders throw this and nothing else for any input.
 */
public class RecordFormatException extends SessionException {

    private static final long serialVersionUID = 1L;

    public RecordFormatException(String message) {
        super(message);
    }

    public RecordFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}

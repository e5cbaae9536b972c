package io.sealedsession.core;

/**
 * An attribute value whose type the configured {@link io.sealedsession.core.port.AttributeCodec} cannot encode. Thrown when the value is set, so the failure points at the code that set it.
 */
public class AttributeNotEncodableException extends SessionException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened and where; never a token, key or key material
     */
    public AttributeNotEncodableException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message what happened and where; never a token, key or key material
     * @param cause the failure underneath, kept for the stack trace
     */
    public AttributeNotEncodableException(String message, Throwable cause) {
        super(message, cause);
    }
}

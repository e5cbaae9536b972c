package io.sealedsession.core;

/**
 * An attribute value whose type the configured {@link io.sealedsession.core.port.AttributeCodec} cannot encode. Thrown when the value is set, so the failure points at the code that set it.
 */
public class AttributeNotEncodableException extends SessionException {

    private static final long serialVersionUID = 1L;

    public AttributeNotEncodableException(String message) {
        super(message);
    }

    public AttributeNotEncodableException(String message, Throwable cause) {
        super(message, cause);
    }
}

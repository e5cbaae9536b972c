package io.sealedsession.micrometer.internal;

/**
 * What an observation records in place of a store's exception: its class name and nothing else.
 * Exception messages of this library may carry a token's fingerprint (requirement T5 allows one)
 * and a custom store's messages are unknown, so neither reaches a span.
 */
public final class RedactedStoreError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RedactedStoreError(Throwable original) {
        super(original.getClass().getName() + " (message withheld)", null, false, false);
    }
}

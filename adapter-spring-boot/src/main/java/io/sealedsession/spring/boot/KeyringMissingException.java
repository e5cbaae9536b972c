package io.sealedsession.spring.boot;

import io.sealedsession.core.SessionException;

/**
 * The application asked for sealed sessions but configured no keyring: neither
 * {@code sealedsession.keyring.location} nor an application-defined keyring or sealer, and no
 * explicit {@code sealedsession.keyring.throwaway=true}. The application does not start; a failure
 * analyzer explains the three ways out.
 */
public class KeyringMissingException extends SessionException {

    private static final long serialVersionUID = 1L;

    public KeyringMissingException(String message) {
        super(message);
    }
}

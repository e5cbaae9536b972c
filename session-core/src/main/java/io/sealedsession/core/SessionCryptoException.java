package io.sealedsession.core;

/**
 * Sealing could not be performed at all (a broken or unusable keyset, for example). A record that merely fails to open is not an error: it reads as no session.
 */
public class SessionCryptoException extends SessionException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened and where; never a token, key or key material
     */
    public SessionCryptoException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message what happened and where; never a token, key or key material
     * @param cause the failure underneath, kept for the stack trace
     */
    public SessionCryptoException(String message, Throwable cause) {
        super(message, cause);
    }
}

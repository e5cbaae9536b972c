package io.sealedsession.crypto;

import io.sealedsession.core.SessionCryptoException;

/**
 * A keyring or key-encryption key could not be loaded, written, used or changed: the file is
 * missing or malformed, it does not decrypt with the key-encryption key given, it holds a key of a
 * type this library refuses, or a rotation step was refused (retiring the primary key, for example).
 *
 * <p>Messages say what was wrong and where (a file name, an environment variable's name, a key
 * id); they never contain key material. Tink's own exception, when there is one, is kept as the
 * cause.
 */
public class KeysetException extends SessionCryptoException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened and where; never a token, key or key material
     */
    public KeysetException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message what happened and where; never a token, key or key material
     * @param cause the failure underneath, kept for the stack trace
     */
    public KeysetException(String message, Throwable cause) {
        super(message, cause);
    }
}

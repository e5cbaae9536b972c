package io.sealedsession.redis;

import io.sealedsession.core.SessionException;

/**
 * The server answered {@code NOSCRIPT}: it does not have the script in its cache (it restarted, it
 * failed over, or someone ran {@code SCRIPT FLUSH}). {@link RedisCommandExecutor#evalsha} throws it
 * so that {@link RedisSessionStore} can load the script again and retry once; it never leaves the
 * store.
 */
public class RedisScriptNotLoadedException extends SessionException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened and where; never a token, key or key material
     * @param cause the failure underneath, kept for the stack trace
     */
    public RedisScriptNotLoadedException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates the exception.
     *
     * @param message what happened and where; never a token, key or key material
     */
    public RedisScriptNotLoadedException(String message) {
        super(message);
    }
}

package io.sealedsession.redis;

import io.sealedsession.core.SessionStoreUnavailableException;
import io.sealedsession.redis.internal.Redaction;

/**
 * Redis was reached but answered a command with an error: a missing permission ({@code NOPERM}),
 * a renamed or disabled command, a server that is loading its data set or is read-only, a script
 * that failed. To the session layer this is the store being unavailable (no session can be read or
 * written until an operator acts), hence the superclass; the message says which command was refused
 * and the server's reason.
 *
 * <p>The server's text is shortened and stripped of echoed command arguments (Redis quotes the
 * first arguments of an unknown command, which would include a session key), so the message never
 * carries a key, a record or a password. For the same reason the client's exception is kept as the
 * cause only when its own message had nothing to strip.
 */
public class RedisCommandRejectedException extends SessionStoreUnavailableException {

    private static final long serialVersionUID = 1L;

    /** The command Redis refused, without its arguments. */
    private final String command;

    /**
     * @param command the command Redis refused, such as {@code GETEX} or {@code EVALSHA}
     * @param serverError the error text Redis sent; it is sanitised before it enters the message
     * @param cause the client library's exception
     */
    public RedisCommandRejectedException(String command, String serverError, Throwable cause) {
        super("Redis refused " + command + ": " + Redaction.serverError(serverError),
                Redaction.serverErrorIsClean(serverError) && Redaction.serverErrorIsClean(String.valueOf(cause.getMessage()))
                        ? cause : null);
        this.command = command;
    }

    /** The command Redis refused, such as {@code GETEX}. */
    public String command() {
        return command;
    }
}

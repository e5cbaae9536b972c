package io.sealedsession.redis.spi;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What went wrong with a command, as an adapter tells it from its client's exception; the
 * {@link AbstractRedisCommandExecutor} turns it into the exception the port promises, the same way
 * for every client.
 *
 * @param kind what happened
 * @param serverError for {@link Kind#SERVER_ERROR}: the error text Redis sent, unsanitised; null
 *     otherwise
 */
public record Failure(Kind kind, @Nullable String serverError) {

    /** The few kinds of failure that every client's exceptions map to. */
    public enum Kind {
        /** The server does not have the script ({@code NOSCRIPT}). */
        NO_SCRIPT,
        /** The server answered with another error reply; {@link Failure#serverError()} has its text. */
        SERVER_ERROR,
        /** No reply within the command timeout. */
        TIMEOUT,
        /** The server cannot be reached, or the connection was lost. */
        UNREACHABLE,
        /** Every connection of a pool was busy for the whole command timeout. */
        NO_FREE_CONNECTION,
        /** The command was cancelled because its connection was replaced (a new master behind Sentinel). */
        MOVED,
        /** The client was shut down. */
        SHUT_DOWN,
        /** The calling thread was interrupted while it waited. */
        INTERRUPTED,
        /** Any other failure of the client. */
        OTHER
    }

    /** Checks that a server error, and only a server error, has a text. */
    public Failure {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.SERVER_ERROR) != (serverError != null)) {
            throw new IllegalArgumentException("a server error, and only a server error, has the server's text");
        }
    }

    /** A failure of this kind; not {@link Kind#SERVER_ERROR}. */
    public static Failure of(Kind kind) {
        return new Failure(kind, null);
    }

    /** An error reply with this text. */
    public static Failure serverError(String text) {
        return new Failure(Kind.SERVER_ERROR, text);
    }
}

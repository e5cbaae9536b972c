package io.sealedsession.redisson.internal;

import org.jspecify.annotations.Nullable;
import org.redisson.client.RedisAuthRequiredException;
import org.redisson.client.RedisConnectionException;
import org.redisson.client.RedisException;
import org.redisson.client.RedisNodeNotFoundException;
import org.redisson.client.RedisOutOfMemoryException;
import org.redisson.client.RedisReconnectedException;
import org.redisson.client.RedisTimeoutException;
import org.redisson.client.RedisWrongPasswordException;
import org.redisson.RedissonShutdownException;

/**
 * Tells Redisson's exceptions for an error reply from the server apart from those for a server
 * that cannot be reached or did not answer.
 *
 * <p>Redisson has a class for some error replies ({@code LOADING}, {@code BUSY}, {@code READONLY},
 * {@code OOM}, {@code WRONGPASS}...), and a plain {@link RedisException} for the rest
 * ({@code NOPERM}, {@code ERR}, {@code WRONGTYPE}...). Each of them carries the server's text
 * followed by {@code ". channel: "} and a description of the connection and the command; the
 * server's text is what comes before it.
 */
public final class Failures {

    private static final String REDISSON_SUFFIX = ". channel: ";

    private Failures() {}

    /**
     * The server's error text when {@code failure} reports an error reply, otherwise null.
     * The text is as Redis sent it; {@link io.sealedsession.redis.RedisCommandRejectedException}
     * cleans it before it enters a message.
     */
    public static @Nullable String serverError(Throwable failure) {
        if (!(failure instanceof RedisException)
                || failure instanceof RedisConnectionException
                || failure instanceof RedisTimeoutException
                || failure instanceof RedissonShutdownException
                || failure instanceof RedisNodeNotFoundException
                || failure instanceof RedisReconnectedException
                || failure.getCause() != null) {
            return null;
        }
        String message = failure.getMessage();
        int end = message == null ? -1 : message.indexOf(REDISSON_SUFFIX);
        if (end < 0) {
            return null;
        }
        String text = message.substring(0, end);
        // Redisson cuts the error code off an OOM reply; put it back so the reason reads as Redis sent it.
        return failure instanceof RedisOutOfMemoryException && !text.startsWith("OOM") ? "OOM " + text : text;
    }

    /**
     * The error code (such as {@code WRONGPASS}, {@code NOAUTH} or {@code NOPERM}) with which the
     * server refused a connection's set-up, found anywhere in {@code failure}'s causes; null when
     * the connection failed for another reason. Only the code: it never carries arguments.
     */
    public static @Nullable String setupRefusal(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
            if (t instanceof RedisWrongPasswordException) {
                return "WRONGPASS";
            }
            if (t instanceof RedisAuthRequiredException) {
                return "NOAUTH";
            }
            String text = serverError(t);
            if (text != null) {
                String code = text.split(" ", 2)[0];
                return code.matches("[A-Z]{2,20}") ? code : "an error reply";
            }
        }
        return null;
    }
}

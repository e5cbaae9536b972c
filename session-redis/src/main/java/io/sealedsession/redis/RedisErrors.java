package io.sealedsession.redis;

import io.sealedsession.core.SessionStoreUnavailableException;
import io.sealedsession.redis.internal.Redaction;
import java.util.Locale;
import java.util.Set;

/**
 * Turns an error reply from Redis into the exception {@link RedisCommandExecutor} promises, the same
 * way for every client adapter.
 *
 * <p>Errors that a changing topology or a busy server send for a while and then stop sending are
 * <em>transient</em>, and become a plain {@link SessionStoreUnavailableException}: the request may
 * simply be tried again. They are:
 * <ul>
 *   <li>{@code CLUSTERDOWN}: a Cluster lost a master and no replica took over yet, or a slot has no
 *       node;</li>
 *   <li>{@code TRYAGAIN}, {@code MOVED}, {@code ASK}: a slot is being migrated, or the client ran out
 *       of redirects while it was (clients follow single redirects by themselves);</li>
 *   <li>{@code READONLY}: a write reached a node that was demoted to replica by a failover and the
 *       client did not yet learn the new master;</li>
 *   <li>{@code MASTERDOWN}, {@code NOREPLICAS}, {@code LOADING}, {@code BUSY}: a replica lost its
 *       master, a master lacks the replicas {@code min-replicas-to-write} asks for, a restarted server
 *       is loading its data, a script is running too long;</li>
 *   <li>{@code ERR WAIT cannot be used with replica instances}: a {@code WAIT} reached a node that a
 *       failover demoted, before the client learnt it.</li>
 * </ul>
 * Every other error (a missing permission, a disabled command, a failing script) needs an operator
 * and becomes {@link RedisCommandRejectedException}. {@code NOSCRIPT} is neither: adapters report
 * it as {@link RedisScriptNotLoadedException} and the store loads the script again.
 *
 * <p>Messages never carry a key, a value or a password: the server's text goes through the same
 * sanitising as in {@link RedisCommandRejectedException}. Stateless and thread-safe.
 */
public final class RedisErrors {

    private static final Set<String> TRANSIENT = Set.of(
            "CLUSTERDOWN", "TRYAGAIN", "MOVED", "ASK", "READONLY", "MASTERDOWN", "NOREPLICAS", "LOADING", "BUSY");

    private RedisErrors() {}

    /** Whether the error reply names a transient state (its first word is one of the codes above). */
    public static boolean isTransient(String serverError) {
        String trimmed = serverError.trim();
        int space = trimmed.indexOf(' ');
        String code = (space < 0 ? trimmed : trimmed.substring(0, space)).toUpperCase(Locale.ROOT);
        return TRANSIENT.contains(code) || (code.equals("ERR") && trimmed.contains("cannot be used with replica instances"));
    }

    /**
     * The exception for an error reply to {@code command}.
     *
     * @param where the server or deployment, for the message, such as the redacted URI
     * @param command the command that was refused, such as {@code EVALSHA}
     * @param serverError the error text Redis sent
     * @param cause the client library's exception; kept only when no message in it needs sanitising
     */
    public static SessionStoreUnavailableException fromServerError(String where, String command, String serverError,
            Throwable cause) {
        if (!isTransient(serverError)) {
            return new RedisCommandRejectedException(command, serverError, cause);
        }
        boolean clean = Redaction.serverErrorIsClean(serverError) && Redaction.serverErrorIsClean(String.valueOf(cause.getMessage()));
        String message = where + " cannot serve " + command + " at the moment (" + Redaction.serverError(serverError)
                + "); the deployment is changing (failover, slot migration, restart), retry shortly";
        return clean ? new SessionStoreUnavailableException(message, cause) : new SessionStoreUnavailableException(message);
    }
}

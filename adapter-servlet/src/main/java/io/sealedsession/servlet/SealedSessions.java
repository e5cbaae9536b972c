package io.sealedsession.servlet;

import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import io.sealedsession.core.Session;
import io.sealedsession.core.SessionManager;
import io.sealedsession.servlet.internal.RequestContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.Objects;
import java.util.Optional;

/**
 * Session operations the Servlet API has no method for, on a request that passed through a
 * {@link SealedSessionFilter}. The request may be wrapped further by the application.
 *
 * <p>Every method throws {@link IllegalStateException} when no {@code SealedSessionFilter}
 * handled the request, and may throw
 * {@link io.sealedsession.core.SessionStoreUnavailableException}, which the filter turns into its
 * store-unavailable status.
 */
public final class SealedSessions {

    private SealedSessions() {}

    /**
     * Signs {@code principal} in: the request's session (created when there is none) is bound to
     * the principal and gets a new token; the old token opens nothing afterwards, and the response
     * carries the new cookie. Call it after checking the credentials, never before.
     *
     * @return the session, whose {@link HttpSession#getId()} has changed
     * @throws io.sealedsession.core.SessionLimitExceededException when the principal holds as many
     *     sessions as the policy allows and the policy rejects further ones
     * @throws IllegalStateException when the response is already committed, so the new token could
     *     not reach the client
     */
    public static HttpSession authenticate(HttpServletRequest request, String principal) {
        Objects.requireNonNull(principal, "principal");
        return context(request).authenticate(principal);
    }

    /**
     * Reads, changes and sets one attribute of the request's session (created when there is none)
     * as one step that concurrent requests cannot undo, and saves it now: when another request
     * saved the session meanwhile, {@code change} runs again on the value that request saved.
     * Twenty parallel requests that each append to one list this way keep all twenty entries,
     * where {@code getAttribute} then {@code setAttribute} keeps only some of them (the last
     * writer wins, and the session's audit events report
     * {@link io.sealedsession.core.SessionEvent.Type#CONCURRENT_OVERWRITE}).
     *
     * <p>{@code change} gets the current value (null when unset) and returns the new one (null
     * removes the attribute). It may run more than once: no side effects.
     *
     * @return the value as saved
     * @throws io.sealedsession.core.InvalidSessionStateException when the session ended, or was
     *     signed in by another request, while this one ran; nothing was written
     * @throws IllegalStateException when the response is already committed
     */
    public static <T> @Nullable T update(HttpServletRequest request, String name, Class<T> type,
            Function<? super @Nullable T, ? extends @Nullable T> change) {
        Objects.requireNonNull(name, "name");
        return context(request).update(name, type, change);
    }

    /** The manager behind the request's sessions, for {@code sessionsOf} and the like. */
    public static SessionManager manager(HttpServletRequest request) {
        return context(request).manager();
    }

    /** The request's live session as the core sees it, without creating one. */
    public static Optional<Session> session(HttpServletRequest request) {
        return Optional.ofNullable(context(request).liveSession());
    }

    /**
     * Ends every other session of the principal signed in to the request's session ("sign out my
     * other devices").
     *
     * @return how many sessions were ended
     * @throws IllegalStateException when the request has no session
     * @throws io.sealedsession.core.InvalidSessionStateException when nobody is signed in to it
     */
    public static int invalidateOthers(HttpServletRequest request) {
        RequestContext context = context(request);
        Session session = context.liveSession();
        if (session == null) {
            throw new IllegalStateException("this request has no session, so there are no other sessions to end");
        }
        return context.manager().invalidateOthers(session);
    }

    private static RequestContext context(HttpServletRequest request) {
        Objects.requireNonNull(request, "request");
        RequestContext context = RequestContext.of(request);
        if (context == null) {
            throw new IllegalStateException("no SealedSessionFilter handled this request; register the filter for its path"
                    + " before anything that uses the session");
        }
        return context;
    }
}

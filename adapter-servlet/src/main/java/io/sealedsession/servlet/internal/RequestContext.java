package io.sealedsession.servlet.internal;

import io.sealedsession.core.InvalidSessionStateException;
import java.util.function.Function;
import io.sealedsession.core.LoggingSessionEventListener;
import io.sealedsession.core.SaveResult;
import io.sealedsession.core.Session;
import io.sealedsession.core.SessionInfo;
import io.sealedsession.core.SessionManager;
import io.sealedsession.core.SessionStoreUnavailableException;
import io.sealedsession.core.SessionToken;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything one request knows about its session: what the client presented, the session it
 * opened or created, and which token the client will hold once the headers written so far arrive.
 *
 * <p>The rule that keeps clients and the store in step: before any byte of the body reaches the
 * container, and before anything that can commit or complete the response, {@link #sync()} saves
 * what changed and writes the token header when the token the client holds is not the session's
 * token any more. The cookie therefore always travels with the first bytes of the response, and a
 * client that has received the whole response finds everything the request set.
 *
 * <p>Thread-safe: a request may hand its session to an asynchronous thread.
 */
public final class RequestContext {

    private static final Logger LOG = LoggerFactory.getLogger("io.sealedsession.servlet");

    /** The request attribute under which the context travels through dispatches and helpers. */
    public static final String ATTRIBUTE = RequestContext.class.getName();

    private final FilterSettings settings;
    private final HttpServletRequest rawRequest;
    private final HttpServletResponse rawResponse;

    private final @Nullable String presentedRaw;
    private final @Nullable SessionToken presentedToken;
    private boolean lookedUp;
    private @Nullable Session found;

    private @Nullable Session current;
    private @Nullable SealedHttpSession view;

    /** The token the client will hold after this response, as far as the headers written so far go. */
    private @Nullable SessionToken clientToken;
    /** The session (one of this request's) that {@link #clientToken} belongs to, if any. */
    private @Nullable Session clientSession;
    /** Sessions whose save found them deleted by someone else; their cookie is left alone. */
    private final Set<Session> goneElsewhere = Collections.newSetFromMap(new IdentityHashMap<>());

    private boolean bodyStarted;
    private boolean answeredUnavailable;
    private @Nullable SavingAsyncContext asyncContext;

    public RequestContext(FilterSettings settings, HttpServletRequest rawRequest, HttpServletResponse rawResponse) {
        this.settings = settings;
        this.rawRequest = rawRequest;
        this.rawResponse = rawResponse;
        this.presentedRaw = settings.resolver().resolve(rawRequest);
        this.presentedToken = SessionToken.parse(presentedRaw).orElse(null);
        this.clientToken = presentedToken;
    }

    /** The context the filter attached to this request (directly or through wrappers), if any. */
    public static @Nullable RequestContext of(ServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof RequestContext context ? context : null;
    }

    public SessionManager manager() {
        return settings.manager();
    }

    SessionListeners listeners() {
        return settings.listeners();
    }

    // ---- the session --------------------------------------------------------------------------

    /** The request's live session, found with the client's token on first use; null when there is none. */
    public synchronized @Nullable Session liveSession() {
        lookUp();
        Session session = current;
        return session == null || session.isEnded() ? null : session;
    }

    synchronized @Nullable SealedHttpSession getSession(boolean create) {
        lookUp();
        Session session = current;
        if (session != null && !session.isEnded()) {
            return view;
        }
        if (!create) {
            return null;
        }
        requireUncommitted("create a session");
        Session created = settings.manager().create();
        SealedHttpSession createdView = new SealedHttpSession(this, created, true, rawRequest.getServletContext());
        current = created;
        view = createdView;
        settings.listeners().created(createdView);
        syncIfBodyStarted();
        return createdView;
    }

    synchronized String changeSessionId() {
        SealedHttpSession session = getSession(false);
        if (session == null) {
            throw new IllegalStateException("this request has no session whose id could change");
        }
        requireUncommitted("change the session id");
        String oldId = session.getId();
        settings.manager().rotate(session.session());
        settings.listeners().idChanged(session, oldId);
        syncIfBodyStarted();
        return session.getId();
    }

    /**
     * Read-modify-write of one attribute, saved at once: creates a session if needed, applies
     * {@code change} through {@link Session#update} and saves, so that a concurrent request's
     * change is re-applied rather than overwritten. Returns the value as stored.
     *
     * @throws InvalidSessionStateException when the session ended, or was signed in elsewhere,
     *     while this request ran; nothing was written
     */
    public synchronized <T> @Nullable T update(String name, Class<T> type, Function<? super @Nullable T, ? extends @Nullable T> change) {
        SealedHttpSession session = getSession(true);
        if (session == null) {
            throw new IllegalStateException("getSession(true) returned no session");
        }
        Session core = session.session();
        core.update(name, type, change);
        requireUncommitted("save a session change");
        sync();
        if (core.isEnded()) {
            throw new InvalidSessionStateException("the session ended while this request ran; its change to '" + name
                    + "' was not saved");
        }
        return type.cast(core.getAttribute(name));
    }

    /**
     * Releases the opt-in session lock this request took, if any. Idempotent; a failure to reach
     * the store is logged, not thrown: the lease runs out by itself.
     */
    public void releaseLock() {
        Session locked;
        synchronized (this) {
            locked = found;
        }
        if (locked == null || !locked.isLocked()) {
            return;
        }
        try {
            settings.manager().unlock(locked);
        } catch (RuntimeException e) {
            LOG.warn("could not release a session lock; it ends with its lease: {}", e.getMessage());
        }
    }

    /** Signs the principal in: creates a session if needed, binds the principal and rotates the token. */
    public synchronized HttpSession authenticate(String principal) {
        requireUncommitted("sign a principal in");
        SealedHttpSession session = getSession(true);
        if (session == null) {
            throw new IllegalStateException("getSession(true) returned no session");
        }
        String oldId = session.getId();
        settings.manager().authenticate(session.session(), principal);
        settings.listeners().idChanged(session, oldId);
        syncIfBodyStarted();
        return session;
    }

    /** Called by {@link SealedHttpSession#invalidate()} once the listeners have been told. */
    synchronized void invalidated(Session session) {
        settings.manager().invalidate(session);
        syncIfBodyStarted();
    }

    private void lookUp() {
        if (lookedUp) {
            return;
        }
        if (presentedRaw != null) {
            // find() refuses malformed, unknown, expired and tampered tokens and audits each;
            // it throws only when the store cannot be reached, and then we look again next time.
            Duration lease = settings.lockLease();
            Optional<Session> opened = lease == null
                    ? settings.manager().find(presentedRaw)
                    : settings.manager().findLocked(presentedRaw, lease, settings.lockWait());
            if (opened.isPresent()) {
                Session session = opened.get();
                if (session.isRenewalDue() && rawResponse.isCommitted()) {
                    // A new token could not reach the client any more; renew on its next request.
                    session.postponeRenewal();
                }
                found = session;
                current = session;
                clientSession = session;
                // Equal to the presented token; holding the same instance makes sync()'s check cheap.
                clientToken = session.token();
                view = new SealedHttpSession(this, session, false, rawRequest.getServletContext());
            }
        }
        lookedUp = true;
    }

    private void requireUncommitted(String what) {
        if (rawResponse.isCommitted()) {
            throw new IllegalStateException("cannot " + what + " after the response was committed: the new token"
                    + " could no longer reach the client");
        }
    }

    // ---- what the client sent -----------------------------------------------------------------

    /** The handle of the session the client named, never its token; null when it sent no well-formed token. */
    synchronized @Nullable String requestedSessionId() {
        return presentedToken == null ? null : SessionInfo.handleOf(presentedToken.key());
    }

    synchronized boolean requestedSessionIdValid() {
        lookUp();
        Session session = found;
        return session != null && !session.isEnded() && session.token().equals(presentedToken);
    }

    synchronized boolean requestedSessionIdFromCookie() {
        return presentedToken != null && settings.resolver().cookieSettings().isPresent();
    }

    // ---- saving and the token header ----------------------------------------------------------

    /** Called before body bytes, a flush, a redirect or an error reach the container. */
    synchronized void beforeCommit() {
        bodyStarted = true;
        sync();
    }

    /**
     * The application replaced or cleared the headers ({@code reset()}, or setting the header the
     * token travels in): whatever we wrote is gone, so the client holds what it presented.
     */
    synchronized void headersCleared() {
        clientToken = presentedToken;
        clientSession = found;
    }

    /**
     * Saves what changed and makes the token header agree with the session. Idempotent and cheap
     * when nothing changed: the manager answers {@link SaveResult#UNCHANGED} without asking the
     * store.
     *
     * @throws SessionStoreUnavailableException when the store cannot be reached
     */
    public synchronized void sync() {
        if (answeredUnavailable) {
            return;
        }
        Session session = current;
        if (session == null) {
            return;
        }
        if (!session.isEnded()) {
            SessionToken before = session.token();
            if (settings.manager().save(session) == SaveResult.GONE) {
                goneElsewhere.add(session);
            } else if (session.token() != before && view != null) {
                // The policy's periodic renewal gave the session a new token while saving.
                settings.listeners().idChanged(view, SessionInfo.handleOf(before.key()));
            }
        }
        if (!session.isEnded()) {
            SessionToken token = session.token();
            if (token != clientToken && !token.equals(clientToken)) {
                deliver(session);
            }
            return;
        }
        Session holder = clientSession;
        // Expire the cookie only for a session this request ended. A session deleted by another
        // request (sign-out, or a sign-in that rotated the token) is left alone: that request
        // already told the client, and an expiring cookie sent late would delete the token a
        // sign-in has just issued, because both cookies have the same name.
        if (holder != null && holder.isEnded() && !goneElsewhere.contains(holder)) {
            if (rawResponse.isCommitted()) {
                LOG.debug("the session ended after the response was committed; the client keeps a token that opens nothing");
            } else {
                settings.resolver().expire(rawResponse);
            }
            clientToken = null;
            clientSession = null;
        }
    }

    private void deliver(Session session) {
        if (rawResponse.isCommitted()) {
            // Reached only when the token changed where our wrappers could not step in first:
            // the core API used directly, or a body written past our response wrapper.
            LOG.warn("session {}… got a new token after the response was committed; the client keeps the old one,"
                    + " which opens nothing", session.token().fingerprint());
            return;
        }
        settings.resolver().write(rawResponse, session.token());
        clientToken = session.token();
        clientSession = session;
    }

    private void syncIfBodyStarted() {
        if (bodyStarted) {
            sync();
        }
    }

    // ---- completion and faults ----------------------------------------------------------------

    /**
     * The last step of a request (or of an asynchronous cycle): saves and writes headers, and
     * answers with the configured status when the store cannot be reached.
     *
     * @throws SessionStoreUnavailableException when the store cannot be reached and the response
     *     is already committed, so no status can be sent any more
     */
    public void finish() throws IOException {
        try {
            sync();
        } catch (SessionStoreUnavailableException e) {
            answerUnavailable(e);
        }
    }

    /**
     * Answers the configured status with a short plain-text body, when the response is not
     * committed yet; logs at WARN either way (the message never holds a token).
     *
     * @throws SessionStoreUnavailableException {@code e} again, when the response is committed:
     *     the container then aborts the response instead of letting it look complete
     */
    public synchronized void answerUnavailable(SessionStoreUnavailableException e) throws IOException {
        if (rawResponse.isCommitted()) {
            LOG.warn("session store unavailable during {} {} after the response was committed; aborting it: {}",
                    rawRequest.getMethod(), LoggingSessionEventListener.escape(rawRequest.getServletPath()), e.getMessage());
            throw e;
        }
        LOG.warn("session store unavailable during {} {}; answering {}: {}", rawRequest.getMethod(),
                LoggingSessionEventListener.escape(rawRequest.getServletPath()), settings.unavailableStatus(), e.getMessage());
        answeredUnavailable = true;
        rawResponse.reset();
        rawResponse.setStatus(settings.unavailableStatus());
        Duration retryAfter = settings.retryAfter();
        if (retryAfter != null) {
            rawResponse.setHeader("Retry-After", Long.toString(retryAfter.getSeconds()));
        }
        rawResponse.setHeader("Cache-Control", "no-store");
        byte[] body = "Session store unavailable; please retry shortly.\n".getBytes(StandardCharsets.UTF_8);
        rawResponse.setContentType("text/plain;charset=UTF-8");
        rawResponse.setContentLength(body.length);
        try {
            rawResponse.getOutputStream().write(body);
        } catch (IllegalStateException writerInUse) {
            rawResponse.getWriter().write(new String(body, StandardCharsets.UTF_8));
        }
        rawResponse.flushBuffer();
    }

    /** Whether the configured "store unavailable" answer was sent; nothing else is written then. */
    public synchronized boolean answeredUnavailable() {
        return answeredUnavailable;
    }

    // ---- asynchronous requests ----------------------------------------------------------------

    synchronized AsyncContext asyncStarted(AsyncContext started) {
        SavingAsyncContext saving = new SavingAsyncContext(started, this);
        asyncContext = saving;
        started.addListener(saving.completionListener());
        return saving;
    }

    synchronized @Nullable AsyncContext asyncContext() {
        return asyncContext;
    }

    /** Runs just before an asynchronous request completes. */
    void beforeAsyncComplete() {
        try {
            finish();
        } catch (SessionStoreUnavailableException | IOException e) {
            LOG.warn("could not save the session before completing an asynchronous request: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("could not save the session before completing an asynchronous request", e);
            synchronized (this) {
                if (!rawResponse.isCommitted()) {
                    rawResponse.reset();
                    rawResponse.setStatus(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
                }
            }
        }
    }

    /** Runs after an asynchronous request completed: saves what is left, though no header can change now. */
    void afterAsyncComplete() {
        try {
            sync();
        } catch (RuntimeException e) {
            LOG.warn("could not save the session after an asynchronous request completed: {}", e.getMessage());
        } finally {
            releaseLock();
        }
    }

    // ---- wrappers -------------------------------------------------------------------------------

    /** Wraps a request and response pair so that both report to this context. */
    public SealedRequest wrap(HttpServletRequest request, HttpServletResponse response) {
        return new SealedRequest(request, new SealedResponse(response, this), this);
    }

    boolean writesTokenHeader(String headerName) {
        return settings.resolver().writesHeader(headerName);
    }

    @Override
    public String toString() {
        // Never the token: a fingerprint at most (T5).
        SessionToken presented = presentedToken;
        return "RequestContext[presented=" + (presented == null ? "none" : presented.fingerprint() + "…") + "]";
    }
}

package io.sealedsession.servlet;

import io.sealedsession.core.SessionConflictException;
import io.sealedsession.core.SessionException;
import io.sealedsession.core.SessionManager;
import io.sealedsession.core.SessionStoreUnavailableException;
import io.sealedsession.servlet.internal.ErrorAnswers;
import io.sealedsession.servlet.internal.FilterSettings;
import io.sealedsession.servlet.internal.NoStoreTokenResolver;
import io.sealedsession.servlet.internal.RequestContext;
import io.sealedsession.servlet.internal.SealedRequest;
import io.sealedsession.servlet.internal.ExpiredHttpSession;
import io.sealedsession.servlet.internal.SessionListeners;
import io.sealedsession.core.port.SessionExpiryListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EventListener;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A servlet filter that backs {@code HttpSession} with a {@link SessionManager}: the container's
 * own session manager is never asked, records are sealed in the manager's store, and the token
 * travels only in a hardened cookie (or a header, for APIs).
 *
 * <p>What it guarantees, on top of the manager's guarantees:
 * <ul>
 *   <li>The session is saved, and the token header written, before the response is committed:
 *       before the first byte of the body, and before every flush, close, redirect and error.
 *       A client that has the response finds everything the request set.</li>
 *   <li>A request that changed nothing writes nothing to the store, and a request that never
 *       asks for its session does not even read it.</li>
 *   <li>A new cookie is sent only when the token changes: a new session, {@code changeSessionId},
 *       {@link SealedSessions#authenticate}, or the policy's periodic renewal. {@code invalidate()}
 *       sends an expiring cookie.</li>
 *   <li>A session that another request deleted meanwhile (sign-out, revocation, or a sign-in that
 *       rotated its token) is not written back, and its cookie is left alone: an expiring cookie
 *       arriving late would delete the token a concurrent sign-in has just issued.</li>
 *   <li>Malformed, unknown, expired and tampered tokens give the application no session;
 *       {@code getSession()} then issues a new token, never the one presented. Such requests never
 *       end in an error page because of the token.</li>
 *   <li>Tokens in URLs are ignored and URLs are never rewritten. {@code HttpSession.getId()} and
 *       {@code getRequestedSessionId()} return a one-way handle, never a token, so logging them
 *       leaks nothing usable.</li>
 *   <li>When the store cannot be reached, or is full ({@link io.sealedsession.core.SessionStoreFullException}),
 *       the client gets the configured status (503 with {@code Retry-After: 1} by default) and a
 *       short plain-text body, never an empty session; the next request tries the store again.</li>
 *   <li>Every response that hands out or withdraws a token carries {@code Cache-Control: no-store}
 *       and {@code Vary: Cookie} (or {@code Vary} on the token header), whatever the application
 *       set, so no shared cache keeps one user's token for another.</li>
 *   <li>A request that carries the session cookie (or token header) more than once, with
 *       different values, has no session: the filter never guesses which one was meant.</li>
 *   <li>A save that loses every compare-and-set attempt to concurrent writers
 *       ({@link SessionConflictException}) is answered 503 with the same {@code Retry-After} and a
 *       JSON body; the request's session changes were not saved. Any other
 *       {@link SessionException} that reaches the filter is answered 500 with
 *       {@code {"error": "internal error", "id": "..."}}, the id matching one ERROR log line that
 *       holds the exception. Neither response names an exception. Other exceptions are the
 *       application's and go to the container as before.</li>
 * </ul>
 *
 * <p>Register it before anything that uses the session, for {@code REQUEST}, {@code ASYNC} and
 * {@code ERROR} dispatches, with async support on. Servlet listeners registered with the
 * container do not hear about these sessions; register them with {@link Builder#listener}.
 * {@code sessionDestroyed} is sent when this application invalidates a session, not when a
 * session expires in the store. Thread-safe; one instance serves every request.
 */
public final class SealedSessionFilter implements Filter {

    private static final Logger LOG = LoggerFactory.getLogger(SealedSessionFilter.class);

    private final FilterSettings settings;
    private volatile @Nullable ServletContext servletContext;

    private SealedSessionFilter(FilterSettings settings) {
        this.settings = settings;
    }

    /** Starts building a filter over {@code manager}. */
    public static Builder builder(SessionManager manager) {
        return new Builder(manager);
    }

    /** Logs a warning when the cookie may travel over plain HTTP. */
    /**
     * What an expiry watcher (such as {@code io.sealedsession.redis.RedisExpiryWatcher}) calls so
     * that this filter's {@link jakarta.servlet.http.HttpSessionListener}s hear of sessions the
     * store expired by itself: {@code sessionDestroyed} receives a stand-in whose
     * {@link jakarta.servlet.http.HttpSession#getId()} is the session's handle (the id it had in
     * every request) and which holds nothing else: the record is gone. Called on the watcher's
     * thread. Sessions ended by a request are reported at that request, as before, and not here.
     */
    public SessionExpiryListener expiryListener() {
        return handle -> settings.listeners().expired(new ExpiredHttpSession(handle, servletContext));
    }

    @Override
    public void init(FilterConfig filterConfig) {
        // A filter set up by hand (not by a container) may be given no config.
        servletContext = filterConfig == null ? null : filterConfig.getServletContext();
        settings.resolver().cookieSettings().filter(cookie -> !cookie.secure()).ifPresent(cookie -> LOG.warn(
                "session cookie '{}' is sent without Secure (insecurePlainHttpCookies()): browsers will send the session"
                        + " token over plain HTTP, readable by anyone on the network path; use this for local development only",
                cookie.name()));
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest httpRequest) || !(response instanceof HttpServletResponse httpResponse)) {
            chain.doFilter(request, response);
            return;
        }
        RequestContext existing = RequestContext.of(httpRequest);
        if (existing == null) {
            RequestContext context = new RequestContext(settings, httpRequest, httpResponse);
            httpRequest.setAttribute(RequestContext.ATTRIBUTE, context);
            SealedRequest wrapped = context.wrap(httpRequest, httpResponse);
            run(context, wrapped, wrapped.response(), chain);
        } else if (!SealedRequest.isWrapped(httpRequest)) {
            // An error or asynchronous dispatch the container started with its own request object.
            SealedRequest wrapped = existing.wrap(httpRequest, httpResponse);
            run(existing, wrapped, wrapped.response(), chain);
        } else if (httpRequest.getDispatcherType() == DispatcherType.ASYNC
                || httpRequest.getDispatcherType() == DispatcherType.ERROR) {
            // A dispatch that carries our wrappers and may end the request.
            run(existing, httpRequest, httpResponse, chain);
        } else {
            // A forward or include inside a request we already handle: its end is the outer end.
            chain.doFilter(httpRequest, httpResponse);
        }
    }

    private void run(RequestContext context, HttpServletRequest request, HttpServletResponse response,
            FilterChain chain) throws IOException, ServletException {
        try {
            runLocked(context, request, response, chain);
        } finally {
            if (!request.isAsyncStarted()) {
                // Every exit path of a request that is not going on asynchronously; an asynchronous
                // one releases when it completes (SavingAsyncContext).
                context.releaseLock();
            }
        }
    }

    private void runLocked(RequestContext context, HttpServletRequest request, HttpServletResponse response,
            FilterChain chain) throws IOException, ServletException {
        try {
            chain.doFilter(request, response);
        } catch (IOException | ServletException | RuntimeException e) {
            SessionStoreUnavailableException unavailable = ErrorAnswers.causeOf(e, SessionStoreUnavailableException.class);
            if (unavailable != null) {
                if (!context.answeredUnavailable()) {
                    context.answerUnavailable(unavailable);
                }
                return;
            }
            SessionConflictException conflict = ErrorAnswers.causeOf(e, SessionConflictException.class);
            if (conflict == null) {
                // The request failed, but what it changed is saved before the container reports it.
                try {
                    context.sync();
                } catch (RuntimeException saveFailure) {
                    e.addSuppressed(saveFailure);
                }
            }
            SessionException failure = conflict != null ? conflict : ErrorAnswers.causeOf(e, SessionException.class);
            if (failure != null && ErrorAnswers.answer(request, response, failure, settings.retryAfter())) {
                return;
            }
            throw e;
        }
        if (!request.isAsyncStarted()) {
            try {
                context.finish();
            } catch (SessionException e) {
                // The last save lost every compare-and-set attempt, or failed otherwise.
                if (!ErrorAnswers.answer(request, response, e, settings.retryAfter())) {
                    throw e;
                }
            }
        }
    }

    @Override
    public String toString() {
        return "SealedSessionFilter[" + settings.resolver() + ", store unavailable → " + settings.unavailableStatus() + "]";
    }

    /**
     * Builds a {@link SealedSessionFilter}. Every option has a default; setters check their value
     * and say what was wrong.
     */
    public static final class Builder {
        private final SessionManager manager;
        private @Nullable CookieSettings cookieSettings;
        private @Nullable SessionTokenResolver resolver;
        private int unavailableStatus = HttpServletResponse.SC_SERVICE_UNAVAILABLE;
        private @Nullable Duration retryAfter = Duration.ofSeconds(1);
        private final List<EventListener> listeners = new ArrayList<>();
        private @Nullable Duration lockLease;
        private Duration lockWait = Duration.ZERO;

        private Builder(SessionManager manager) {
            this.manager = Objects.requireNonNull(manager, "manager");
        }

        /**
         * The session cookie's settings (default {@link CookieSettings#ofDefaults()}). Shorthand
         * for {@code tokenResolver(SessionTokenResolver.cookie(settings))}; set one or the other.
         */
        public Builder cookieSettings(CookieSettings settings) {
            this.cookieSettings = Objects.requireNonNull(settings, "cookieSettings");
            return this;
        }

        /**
         * Where tokens travel (default: the session cookie). Use
         * {@link SessionTokenResolver#header} for API clients.
         */
        public Builder tokenResolver(SessionTokenResolver value) {
            this.resolver = Objects.requireNonNull(value, "tokenResolver");
            return this;
        }

        /** The status answered when the store cannot be reached (default 503), between 500 and 599. */
        public Builder storeUnavailableStatus(int status) {
            if (status < 500 || status > 599) {
                throw new IllegalArgumentException("the store-unavailable status is a server error between 500 and 599,"
                        + " but was " + status);
            }
            this.unavailableStatus = status;
            return this;
        }

        /**
         * The {@code Retry-After} sent with the store-unavailable status (default one second), in
         * whole seconds; null sends none.
         */
        public Builder storeUnavailableRetryAfter(@Nullable Duration value) {
            if (value != null && (value.isNegative() || value.getNano() != 0)) {
                throw new IllegalArgumentException("Retry-After is zero or more whole seconds, or null for none, but was " + value);
            }
            this.retryAfter = value;
            return this;
        }

        /**
         * A servlet listener to notify: an {@link jakarta.servlet.http.HttpSessionListener},
         * {@link jakarta.servlet.http.HttpSessionAttributeListener} or
         * {@link jakarta.servlet.http.HttpSessionIdListener} (one object may be several).
         * Attribute values that implement {@link jakarta.servlet.http.HttpSessionBindingListener}
         * are told when they are bound and unbound without registering.
         */
        public Builder listener(EventListener listener) {
            Objects.requireNonNull(listener, "listener");
            if (!SessionListeners.isSupported(listener)) {
                throw new IllegalArgumentException("a listener implements HttpSessionListener, HttpSessionAttributeListener"
                        + " or HttpSessionIdListener, but was a " + listener.getClass().getName() + ", which implements none");
            }
            listeners.add(listener);
            return this;
        }

        /**
         * @throws IllegalStateException when both {@link #cookieSettings} and
         *     {@link #tokenResolver} were set
         */
        /**
         * Turns on the opt-in per-session lock: each request that presents a session token takes
         * that session's lock before it reads the session and releases it when the request ends
         * (also when it throws, and at the end of an asynchronous request), so requests of one
         * session run one at a time and a read-modify-write through plain {@code HttpSession}
         * attributes is never lost. Off by default.
         *
         * <ul>
         *   <li>A request waits at most {@code maxWait} for the lock, then is answered
         *       {@code 503 Service Unavailable} with {@code Retry-After} (the store-unavailable
         *       retry interval) and nothing is read or written.</li>
         *   <li>A request still running when its {@code lease} runs out writes nothing more: its
         *       save is refused (fencing), and it is answered like a save that lost every
         *       compare-and-set attempt. Choose a lease longer than your slowest request.</li>
         *   <li>Costs two Redis round trips per request that presents a token (take, release);
         *       needs a store with locks (on Redis: scripting on).</li>
         * </ul>
         *
         * @throws IllegalArgumentException when {@code lease} is not positive or {@code maxWait}
         *     is negative or longer than the lease
         */
        public Builder sessionLock(Duration lease, Duration maxWait) {
            Objects.requireNonNull(lease, "lease");
            Objects.requireNonNull(maxWait, "maxWait");
            if (lease.isNegative() || lease.isZero()) {
                throw new IllegalArgumentException("the session lock's lease must be positive, but was " + lease);
            }
            if (maxWait.isNegative() || maxWait.compareTo(lease) > 0) {
                throw new IllegalArgumentException("the session lock's wait must be between 0 and the lease (" + lease
                        + "), but was " + maxWait);
            }
            this.lockLease = lease;
            this.lockWait = maxWait;
            return this;
        }

        public SealedSessionFilter build() {
            if (cookieSettings != null && resolver != null) {
                throw new IllegalStateException("set either cookieSettings(...) or tokenResolver(...), but both were set;"
                        + " pass the settings to SessionTokenResolver.cookie(...) instead");
            }
            SessionTokenResolver chosen = resolver != null ? resolver
                    : SessionTokenResolver.cookie(cookieSettings != null ? cookieSettings : CookieSettings.ofDefaults());
            return new SealedSessionFilter(new FilterSettings(manager, NoStoreTokenResolver.around(chosen), unavailableStatus, retryAfter,
                    SessionListeners.of(listeners), lockLease, lockWait));
        }
    }
}

package io.sealedsession.servlet;

import io.sealedsession.core.SessionToken;
import io.sealedsession.servlet.internal.CookieTokenResolver;
import io.sealedsession.servlet.internal.HeaderTokenResolver;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where a request carries its session token and where a response hands out a new one: a cookie
 * for browsers ({@link #cookie()}, the default), a header for API clients ({@link #header}).
 *
 * <p>A resolver only moves the raw value. It never decides whether a value is a usable token:
 * whatever it returns goes to {@link io.sealedsession.core.SessionManager#find}, which refuses
 * malformed, unknown, expired and tampered values without ever adopting them. Neither resolver
 * reads the URL: a token in a path parameter or query string is ignored.
 *
 * <p>Implementations must be thread-safe; the filter calls them from every request thread. The
 * filter writes to the response only before it is committed.
 */
public interface SessionTokenResolver {

    /**
     * The raw value the request presents as a token, or null when it presents none. A request that
     * carries several different candidates (two session cookies, the header twice) presents none:
     * neither built-in resolver guesses which one was meant.
     */
    @Nullable String resolve(HttpServletRequest request);

    /** Hands {@code token} to the client, replacing whatever this resolver wrote earlier in the same response. */
    void write(HttpServletResponse response, SessionToken token);

    /** Tells the client to drop the token it holds, replacing whatever this resolver wrote earlier in the same response. */
    void expire(HttpServletResponse response);

    /**
     * Whether {@code headerName}, set by the application on the response, overwrites what this
     * resolver writes; the filter then writes it again before the response is committed.
     */
    boolean writesHeader(String headerName);

    /** The cookie this resolver reads and writes, when it uses one. */
    default Optional<CookieSettings> cookieSettings() {
        return Optional.empty();
    }

    /** The session cookie with the {@linkplain CookieSettings#ofDefaults() default settings}. */
    static SessionTokenResolver cookie() {
        return cookie(CookieSettings.ofDefaults());
    }

    /** A session cookie with the given settings. */
    static SessionTokenResolver cookie(CookieSettings settings) {
        return new CookieTokenResolver(settings);
    }

    /**
     * A request header, for API clients that keep the token themselves. A response that issues a
     * token carries it in the same header; a response that ends the session carries the header
     * with an empty value, which means "forget your token".
     *
     * @param name the header's name, an HTTP token such as {@code X-Session-Token}
     * @throws IllegalArgumentException when the name is not an HTTP token, or is one of the
     *     cookie headers
     */
    static SessionTokenResolver header(String name) {
        return new HeaderTokenResolver(name);
    }
}

package io.sealedsession.servlet.internal;

import io.sealedsession.core.SessionToken;
import io.sealedsession.servlet.CookieSettings;
import io.sealedsession.servlet.SessionTokenResolver;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Wraps the filter's resolver so that every response that hands out or withdraws a token also
 * says {@code Cache-Control: no-store}, and {@code Vary} on the request header the token travels in
 * ({@code Cookie}, or the resolver's own header). A shared cache must never keep a response that
 * carries one user's token and hand it to another; the filter sets this itself, whatever the
 * application's own caching headers say.
 *
 * <p>{@link #writesHeader} also claims {@code Cache-Control} and {@code Vary}: an application that
 * sets either one after the token was written makes the filter write the token, and these
 * headers, again before the response is committed.
 */
public final class NoStoreTokenResolver implements SessionTokenResolver {

    private static final String CACHE_CONTROL = "Cache-Control";
    private static final String VARY = "Vary";

    private final SessionTokenResolver delegate;
    private final @Nullable String varyOn;

    private NoStoreTokenResolver(SessionTokenResolver delegate) {
        this.delegate = delegate;
        if (delegate.cookieSettings().isPresent()) {
            this.varyOn = "Cookie";
        } else if (delegate instanceof HeaderTokenResolver header) {
            this.varyOn = header.name();
        } else {
            this.varyOn = null;
        }
    }

    /** {@code resolver}, with {@code no-store} on every response that carries a token; wrapped once only. */
    public static SessionTokenResolver around(SessionTokenResolver resolver) {
        Objects.requireNonNull(resolver, "resolver");
        return resolver instanceof NoStoreTokenResolver ? resolver : new NoStoreTokenResolver(resolver);
    }

    @Override
    public @Nullable String resolve(HttpServletRequest request) {
        return delegate.resolve(request);
    }

    @Override
    public void write(HttpServletResponse response, SessionToken token) {
        noStore(response);
        delegate.write(response, token);
    }

    @Override
    public void expire(HttpServletResponse response) {
        noStore(response);
        delegate.expire(response);
    }

    @Override
    public boolean writesHeader(String headerName) {
        return CACHE_CONTROL.equalsIgnoreCase(headerName) || VARY.equalsIgnoreCase(headerName)
                || delegate.writesHeader(headerName);
    }

    @Override
    public Optional<CookieSettings> cookieSettings() {
        return delegate.cookieSettings();
    }

    private void noStore(HttpServletResponse response) {
        response.setHeader(CACHE_CONTROL, "no-store");
        String header = varyOn;
        if (header == null) {
            return;
        }
        for (String vary : response.getHeaders(VARY)) {
            for (String field : vary.split(",")) {
                String name = field.strip();
                if (name.equals("*") || name.equalsIgnoreCase(header)) {
                    return;
                }
            }
        }
        response.addHeader(VARY, header);
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}

package io.sealedsession.servlet.internal;

import io.sealedsession.core.SessionToken;
import io.sealedsession.servlet.CookieSettings;
import io.sealedsession.servlet.SessionTokenResolver;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the token from the {@code Cookie} header and writes {@code Set-Cookie} headers it formats
 * itself, because containers disagree on how (and whether) {@code jakarta.servlet.http.Cookie}
 * carries {@code SameSite}.
 *
 * <p>The request's {@code Cookie} headers are parsed here rather than through
 * {@code getCookies()} so that every container sees the same value: containers differ in which
 * malformed cookies they drop, and a malformed value must reach the manager (which refuses it and
 * audits the attempt) the same way everywhere.
 *
 * <p>A request that carries the session cookie more than once with different values carries no
 * token at all: which of them the browser meant cannot be told (a cookie set for a parent domain,
 * or by a sibling host, is sent beside the application's own), and trying each would let a cookie
 * planted by someone else choose the session. The application then sees no session, and
 * {@code getSession()} issues a new token, which the browser stores in place of the cookie it set
 * for this host. Repeats of one value count as that value.
 */
public final class CookieTokenResolver implements SessionTokenResolver {

    private static final Logger LOG = LoggerFactory.getLogger("io.sealedsession.servlet");
    private static final String SET_COOKIE = "Set-Cookie";

    private final CookieSettings settings;
    private final String prefix;

    public CookieTokenResolver(CookieSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.prefix = settings.name() + "=";
    }

    @Override
    public @Nullable String resolve(HttpServletRequest request) {
        Enumeration<String> headers = request.getHeaders("Cookie");
        if (headers == null) {
            return null;
        }
        String found = null;
        while (headers.hasMoreElements()) {
            String header = headers.nextElement();
            for (String pair : header.split(";")) {
                String trimmed = pair.strip();
                if (trimmed.startsWith(prefix)) {
                    String value = trimmed.substring(prefix.length());
                    if (found == null) {
                        found = value;
                    } else if (!found.equals(value)) {
                        LOG.debug("a request carried the session cookie '{}' with several values; treated as none",
                                settings.name());
                        return null;
                    }
                }
            }
        }
        return found;
    }

    @Override
    public void write(HttpServletResponse response, SessionToken token) {
        replace(response, settings.setCookieValue(token));
    }

    @Override
    public void expire(HttpServletResponse response) {
        replace(response, settings.expiringSetCookieValue());
    }

    @Override
    public boolean writesHeader(String headerName) {
        return SET_COOKIE.equalsIgnoreCase(headerName);
    }

    @Override
    public Optional<CookieSettings> cookieSettings() {
        return Optional.of(settings);
    }

    /**
     * Adds our {@code Set-Cookie} header, dropping one we added earlier in this response so the
     * client never sees two values for the session cookie. Other cookies are kept.
     */
    private void replace(HttpServletResponse response, String value) {
        List<String> others = new ArrayList<>();
        boolean hadOurs = false;
        for (String existing : response.getHeaders(SET_COOKIE)) {
            if (existing.startsWith(prefix)) {
                hadOurs = true;
            } else {
                others.add(existing);
            }
        }
        if (!hadOurs) {
            response.addHeader(SET_COOKIE, value);
            return;
        }
        response.setHeader(SET_COOKIE, value);
        for (String other : others) {
            response.addHeader(SET_COOKIE, other);
        }
    }

    @Override
    public String toString() {
        return "SessionTokenResolver.cookie(" + settings + ")";
    }
}

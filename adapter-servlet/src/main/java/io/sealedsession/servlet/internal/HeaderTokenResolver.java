package io.sealedsession.servlet.internal;

import io.sealedsession.core.SessionToken;
import io.sealedsession.servlet.SessionTokenResolver;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Carries the token in one request header and the new token in the same response header. */
public final class HeaderTokenResolver implements SessionTokenResolver {

    private static final Set<String> RESERVED = Set.of("cookie", "set-cookie", "authorization", "content-length",
            "content-type", "host", "transfer-encoding", "connection");

    private final String name;

    public HeaderTokenResolver(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.length() > 128
                || !name.chars().allMatch(c -> c > 0x20 && c < 0x7F && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0)) {
            throw new IllegalArgumentException("a header name is an HTTP token of 1 to 128 characters, but was '"
                    + name.replaceAll("[^\\x21-\\x7e]", "?") + "'");
        }
        if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("the token header needs a name of its own, but was '" + name
                    + "', which HTTP or the container already uses");
        }
        this.name = name;
    }

    /** The header's name, as configured. */
    public String name() {
        return name;
    }

    /** The header's value; none when the request carries the header twice with different values. */
    @Override
    public @Nullable String resolve(HttpServletRequest request) {
        Enumeration<String> values = request.getHeaders(name);
        if (values == null || !values.hasMoreElements()) {
            return null;
        }
        String first = values.nextElement();
        while (values.hasMoreElements()) {
            if (!first.equals(values.nextElement())) {
                return null;
            }
        }
        return first;
    }

    @Override
    public void write(HttpServletResponse response, SessionToken token) {
        response.setHeader(name, token.revealValue());
    }

    @Override
    public void expire(HttpServletResponse response) {
        response.setHeader(name, "");
    }

    @Override
    public boolean writesHeader(String headerName) {
        return name.equalsIgnoreCase(headerName);
    }

    @Override
    public String toString() {
        return "SessionTokenResolver.header(" + name + ")";
    }
}

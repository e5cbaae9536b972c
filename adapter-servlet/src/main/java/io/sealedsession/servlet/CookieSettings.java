package io.sealedsession.servlet;

import io.sealedsession.core.SessionToken;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How the session cookie is named and which attributes it carries. Immutable and thread-safe;
 * every combination is checked when the settings are built, so a filter never sends a cookie that
 * a browser would refuse or that weakens the session.
 *
 * <p>Defaults ({@link #ofDefaults()}), which need no change in production:
 * <ul>
 *   <li>name {@code __Host-SID}: browsers accept a {@code __Host-} cookie only from a secure
 *       origin, with {@code Path=/} and without {@code Domain}, so a sibling sub-domain cannot
 *       plant or overwrite it;</li>
 *   <li>{@code Secure}: never sent over plain HTTP;</li>
 *   <li>{@code HttpOnly}: invisible to scripts;</li>
 *   <li>{@code SameSite=Lax}: not sent with cross-site sub-requests and form posts;</li>
 *   <li>{@code Path=/}, no {@code Domain}, no {@code Max-Age}: a browser-session cookie that the
 *       server's idle timeout and absolute lifetime end, not the browser.</li>
 * </ul>
 *
 * <p>The header this produces looks like
 * {@code __Host-SID=<43 characters>; Path=/; Secure; HttpOnly; SameSite=Lax}; when a session ends
 * the same cookie is sent with an empty value and {@code Max-Age=0}.
 */
public final class CookieSettings {

    /** The {@code SameSite} attribute. */
    public enum SameSite {
        /** Sent only with same-site requests. */
        STRICT("Strict"),
        /** Sent with same-site requests and top-level cross-site navigations that are safe (GET). */
        LAX("Lax"),
        /** Sent with every request; browsers require {@code Secure} with it. */
        NONE("None");

        private final String attributeValue;

        SameSite(String attributeValue) {
            this.attributeValue = attributeValue;
        }

        /** The value as it appears in the header: {@code Strict}, {@code Lax} or {@code None}. */
        public String attributeValue() {
            return attributeValue;
        }
    }

    private static final String HOST_PREFIX = "__host-";
    private static final String SECURE_PREFIX = "__secure-";

    private static final CookieSettings DEFAULTS =
            new CookieSettings("__Host-SID", true, true, SameSite.LAX, "/", null, null);

    private final String name;
    private final boolean secure;
    private final boolean httpOnly;
    private final SameSite sameSite;
    private final String path;
    private final @Nullable String domain;
    private final @Nullable Duration maxAge;

    private CookieSettings(String name, boolean secure, boolean httpOnly, SameSite sameSite, String path,
            @Nullable String domain, @Nullable Duration maxAge) {
        this.name = name;
        this.secure = secure;
        this.httpOnly = httpOnly;
        this.sameSite = sameSite;
        this.path = path;
        this.domain = domain;
        this.maxAge = maxAge;
    }

    /** The defaults listed above. */
    public static CookieSettings ofDefaults() {
        return DEFAULTS;
    }

    /** A builder that starts from the defaults. */
    public static Builder custom() {
        return new Builder(DEFAULTS);
    }

    /** A builder that starts from {@code base}. */
    public static Builder from(CookieSettings base) {
        return new Builder(Objects.requireNonNull(base, "base"));
    }

    /** The cookie's name; {@code __Host-SID} by default. */
    public String name() {
        return name;
    }

    /** False only when {@link Builder#insecurePlainHttpCookies()} was chosen. */
    public boolean secure() {
        return secure;
    }

    /** Whether scripts are kept from the cookie; true by default. */
    public boolean httpOnly() {
        return httpOnly;
    }

    /** The cookie's {@code SameSite} attribute; {@code Lax} by default. */
    public SameSite sameSite() {
        return sameSite;
    }

    /** The cookie's {@code Path}; {@code /} by default, as the {@code __Host-} prefix requires. */
    public String path() {
        return path;
    }

    /** The cookie's {@code Domain}; empty by default, as the {@code __Host-} prefix requires. */
    public Optional<String> domain() {
        return Optional.ofNullable(domain);
    }

    /** The cookie's {@code Max-Age}; empty for a browser-session cookie (the default). */
    public Optional<Duration> maxAge() {
        return Optional.ofNullable(maxAge);
    }

    /**
     * The {@code Set-Cookie} value that hands {@code token} to the client. This is one of the few
     * places a token's value is read; the string must go to the response and nowhere else.
     */
    public String setCookieValue(SessionToken token) {
        return header(token.revealValue(), maxAge == null ? null : maxAge.getSeconds());
    }

    /** The {@code Set-Cookie} value that makes the client drop the cookie. */
    public String expiringSetCookieValue() {
        return header("", 0L);
    }

    private String header(String value, @Nullable Long maxAgeSeconds) {
        StringBuilder header = new StringBuilder(96).append(name).append('=').append(value);
        header.append("; Path=").append(path);
        if (domain != null) {
            header.append("; Domain=").append(domain);
        }
        if (maxAgeSeconds != null) {
            header.append("; Max-Age=").append(maxAgeSeconds);
        }
        if (secure) {
            header.append("; Secure");
        }
        if (httpOnly) {
            header.append("; HttpOnly");
        }
        header.append("; SameSite=").append(sameSite.attributeValue());
        return header.toString();
    }

    @Override
    public String toString() {
        return "CookieSettings[" + header("…", maxAge == null ? null : maxAge.getSeconds()) + "]";
    }

    /**
     * Builds {@link CookieSettings}. Setters check their own value; {@link #build()} checks the
     * combination (the cookie-name prefixes' rules, {@code SameSite=None} without {@code Secure}).
     * The limits on each value keep the longest possible header within the 4096 bytes browsers
     * accept for a cookie.
     */
    public static final class Builder {
        private String name;
        private boolean secure;
        private boolean httpOnly;
        private SameSite sameSite;
        private String path;
        private @Nullable String domain;
        private @Nullable Duration maxAge;

        private Builder(CookieSettings base) {
            this.name = base.name;
            this.secure = base.secure;
            this.httpOnly = base.httpOnly;
            this.sameSite = base.sameSite;
            this.path = base.path;
            this.domain = base.domain;
            this.maxAge = base.maxAge;
        }

        /**
         * The cookie's name (default {@code __Host-SID}): 1 to 256 characters of an HTTP token,
         * that is printable ASCII without spaces and without any of {@code ()<>@,;:\"/[]?={}}.
         */
        public Builder name(String value) {
            Objects.requireNonNull(value, "name");
            if (value.isEmpty() || value.length() > 256) {
                throw new IllegalArgumentException("a cookie name has 1 to 256 characters, but had " + value.length());
            }
            for (int i = 0; i < value.length(); i++) {
                if (!isTokenChar(value.charAt(i))) {
                    throw new IllegalArgumentException("a cookie name is an HTTP token (printable ASCII without spaces or"
                            + " ()<>@,;:\\\"/[]?={}), but was '" + printable(value) + "'");
                }
            }
            this.name = value;
            return this;
        }

        /**
         * Sends the cookie without {@code Secure}, so browsers also send it over plain HTTP, where
         * anyone on the path can read the token. Meant for local development over
         * {@code http://localhost} only; the filter logs a warning when it starts with such
         * settings. A cookie named with the {@code __Host-} or {@code __Secure-} prefix needs
         * {@code Secure}, so choose another name as well.
         */
        public Builder insecurePlainHttpCookies() {
            this.secure = false;
            return this;
        }

        /** Whether scripts are kept from reading the cookie (default true). */
        public Builder httpOnly(boolean value) {
            this.httpOnly = value;
            return this;
        }

        /** The {@code SameSite} attribute (default {@link SameSite#LAX}). */
        public Builder sameSite(SameSite value) {
            this.sameSite = Objects.requireNonNull(value, "sameSite");
            return this;
        }

        /**
         * The cookie's path (default {@code /}): starts with {@code /}, at most 1024 characters,
         * printable ASCII without {@code ;}.
         */
        public Builder path(String value) {
            Objects.requireNonNull(value, "path");
            if (value.isEmpty() || value.charAt(0) != '/' || value.length() > 1024
                    || !value.chars().allMatch(c -> c > 0x20 && c < 0x7F && c != ';')) {
                throw new IllegalArgumentException("a cookie path starts with '/' and has at most 1024 printable ASCII"
                        + " characters without ';' or spaces, but was '" + printable(value) + "'");
            }
            this.path = value;
            return this;
        }

        /**
         * The cookie's domain (default none: the cookie goes back only to the host that set it,
         * which is the safer choice). {@code null} removes it. A domain is a host name of letters,
         * digits, hyphens and dots, at most 253 characters.
         */
        public Builder domain(@Nullable String value) {
            if (value != null) {
                boolean valid = !value.isEmpty() && value.length() <= 253 && !value.startsWith(".") && !value.endsWith(".")
                        && value.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                                || (c >= '0' && c <= '9') || c == '-' || c == '.');
                if (!valid) {
                    throw new IllegalArgumentException("a cookie domain is a host name of letters, digits, '-' and '.',"
                            + " at most 253 characters, without a leading or trailing dot, but was '" + printable(value) + "'");
                }
            }
            this.domain = value;
            return this;
        }

        /**
         * Makes the cookie persistent for {@code value} (whole seconds, at least one); {@code null}
         * (the default) makes it a browser-session cookie. The server ends the session at its idle
         * timeout and absolute lifetime either way.
         */
        public Builder maxAge(@Nullable Duration value) {
            if (value != null && value.getSeconds() < 1) {
                throw new IllegalArgumentException("a cookie's Max-Age is at least 1 second, or null for a browser-session"
                        + " cookie, but was " + value);
            }
            this.maxAge = value;
            return this;
        }

        /**
         * @throws IllegalArgumentException when the settings contradict each other: a
         *     {@code __Host-} name without {@code Secure}, with a path other than {@code /} or
         *     with a domain; a {@code __Secure-} name without {@code Secure};
         *     or {@code SameSite=None} without {@code Secure}
         */
        public CookieSettings build() {
            String lowerName = name.toLowerCase(Locale.ROOT);
            if (lowerName.startsWith(HOST_PREFIX)) {
                if (!secure) {
                    throw new IllegalArgumentException("a cookie named with the __Host- prefix must be Secure, but"
                            + " insecurePlainHttpCookies() was chosen for '" + name + "'; choose a name without the prefix"
                            + " for plain-HTTP development");
                }
                if (!path.equals("/")) {
                    throw new IllegalArgumentException("a cookie named with the __Host- prefix must have Path=/, but the"
                            + " path was '" + path + "'");
                }
                if (domain != null) {
                    throw new IllegalArgumentException("a cookie named with the __Host- prefix must not have a Domain, but"
                            + " the domain was '" + domain + "'");
                }
            }
            if (lowerName.startsWith(SECURE_PREFIX) && !secure) {
                throw new IllegalArgumentException("a cookie named with the __Secure- prefix must be Secure, but"
                        + " insecurePlainHttpCookies() was chosen for '" + name + "'");
            }
            if (sameSite == SameSite.NONE && !secure) {
                throw new IllegalArgumentException("SameSite=None requires Secure (browsers refuse the cookie otherwise),"
                        + " but insecurePlainHttpCookies() was chosen");
            }
            CookieSettings settings = new CookieSettings(name, secure, httpOnly, sameSite, path, domain, maxAge);
            return settings;
        }

        private static boolean isTokenChar(char c) {
            return c > 0x20 && c < 0x7F && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
        }

        /** Shows a refused value without letting control characters into a message or a log. */
        private static String printable(String value) {
            StringBuilder out = new StringBuilder();
            value.codePoints().limit(80).forEach(c -> {
                if (c < 0x20 || c == 0x7F) {
                    out.append(String.format("\\u%04x", c));
                } else {
                    out.appendCodePoint(c);
                }
            });
            return value.length() > 80 ? out + "…" : out.toString();
        }
    }
}

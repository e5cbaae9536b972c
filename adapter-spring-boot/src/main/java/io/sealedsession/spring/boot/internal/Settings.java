package io.sealedsession.spring.boot.internal;

import io.sealedsession.core.PrincipalCap;
import io.sealedsession.core.SessionPolicy;
import io.sealedsession.servlet.CookieSettings;
import io.sealedsession.servlet.SessionTokenResolver;
import io.sealedsession.spring.boot.SealedSessionProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns the bound properties into the library's own immutable settings, which check every value. */
public final class Settings {

    private static final Logger LOG = LoggerFactory.getLogger("io.sealedsession.spring.boot");

    private Settings() {}

    /** The policy: the defaults, with each property that is set applied on top. */
    public static SessionPolicy policy(SealedSessionProperties.Policy p) {
        SessionPolicy defaults = SessionPolicy.ofDefaults();
        SessionPolicy.Builder b = SessionPolicy.custom();
        if (p.getIdleTimeout() != null) {
            b.idleTimeout(p.getIdleTimeout());
        }
        if (p.getAbsoluteLifetime() != null) {
            b.absoluteLifetime(p.getAbsoluteLifetime());
        }
        if (p.getLazyTouchInterval() != null) {
            b.lazyTouchInterval(p.getLazyTouchInterval());
        }
        b.renewalInterval(p.getRenewalInterval());
        int max = p.getMaxSessionsPerPrincipal() != null ? p.getMaxSessionsPerPrincipal() : defaults.principalCap().maxSessions();
        PrincipalCap.AtCap atCap = p.getAtCap() == null ? defaults.principalCap().atCap()
                : p.getAtCap() == SealedSessionProperties.Policy.AtCap.REJECT ? PrincipalCap.AtCap.REJECT : PrincipalCap.AtCap.EVICT_OLDEST;
        b.principalCap(new PrincipalCap(max, atCap));
        if (p.getMaxRecordBytes() != null) {
            b.maxRecordBytes(p.getMaxRecordBytes());
        }
        if (p.getMaxAttributes() != null) {
            b.maxAttributes(p.getMaxAttributes());
        }
        return b.build();
    }

    /** The cookie: the defaults, with each property that is set applied on top. */
    public static CookieSettings cookie(SealedSessionProperties.Cookie c) {
        CookieSettings.Builder b = CookieSettings.custom();
        if (c.getName() != null) {
            b.name(c.getName());
        }
        if (c.getSameSite() != null) {
            b.sameSite(c.getSameSite());
        }
        if (c.getPath() != null) {
            b.path(c.getPath());
        }
        b.domain(c.getDomain());
        b.maxAge(c.getMaxAge());
        b.httpOnly(c.isHttpOnly());
        if (c.isInsecurePlainHttp()) {
            // The filter logs its own warning when it starts; this one names the property.
            LOG.warn("sealedsession.cookie.insecure-plain-http=true: the session cookie is sent without Secure");
            b.insecurePlainHttpCookies();
        }
        return b.build();
    }

    /** A header resolver when {@code sealedsession.token-header} is set, the session cookie otherwise. */
    public static SessionTokenResolver tokenResolver(SealedSessionProperties properties) {
        String header = properties.getTokenHeader();
        if (header != null && !header.isBlank()) {
            return SessionTokenResolver.header(header.trim());
        }
        return SessionTokenResolver.cookie(cookie(properties.getCookie()));
    }
}

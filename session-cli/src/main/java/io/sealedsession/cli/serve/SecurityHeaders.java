package io.sealedsession.cli.serve;

import jakarta.servlet.http.HttpServletResponse;

/** The headers every response of the reference app carries. */
final class SecurityHeaders {

    /**
     * The page loads its script and style from this origin only and inlines nothing, so
     * {@code 'self'} is all it needs; framing and {@code <base>} are shut off as well.
     */
    static final String PAGE_POLICY =
            "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /** API responses are data, never documents: nothing in them may load or run anything. */
    static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'";

    private SecurityHeaders() {}

    static void apply(HttpServletResponse response, String contentSecurityPolicy) {
        response.setHeader("Content-Security-Policy", contentSecurityPolicy);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Frame-Options", "DENY");
    }
}

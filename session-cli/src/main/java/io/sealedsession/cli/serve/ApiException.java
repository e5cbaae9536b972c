package io.sealedsession.cli.serve;

import org.jspecify.annotations.Nullable;

/**
 * An API request that ends with an error status and {@code {"error": message}}. The message is
 * meant for the client: it never holds a token, a password or another user's data.
 */
final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final @Nullable String allow;

    ApiException(int status, String message) {
        this(status, message, null);
    }

    private ApiException(int status, String message, @Nullable String allow) {
        super(message, null, false, false);
        this.status = status;
        this.allow = allow;
    }

    /** 405 for a method the endpoint does not take; the response names the one it does. */
    static ApiException methodNotAllowed(String method, String allowed) {
        return new ApiException(405, method + " is not allowed here; use " + allowed, allowed);
    }

    int status() {
        return status;
    }

    /** The {@code Allow} header value a 405 carries. */
    @Nullable String allow() {
        return allow;
    }
}

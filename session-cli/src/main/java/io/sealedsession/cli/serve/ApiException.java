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
    private final long retryAfterSeconds;

    ApiException(int status, String message) {
        this(status, message, null, 0);
    }

    private ApiException(int status, String message, @Nullable String allow, long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.allow = allow;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** 429 for a sign-in while the account or the address is locked; the response says when to retry. */
    static ApiException tooManyAttempts(long retryAfterSeconds) {
        return new ApiException(429, "too many failed sign-ins for this account or from this address; retry in "
                + retryAfterSeconds + " seconds", null, retryAfterSeconds);
    }

    /** 405 for a method the endpoint does not take; the response names the one it does. */
    static ApiException methodNotAllowed(String method, String allowed) {
        return new ApiException(405, method + " is not allowed here; use " + allowed, allowed, 0);
    }

    int status() {
        return status;
    }

    /** The {@code Retry-After} a 429 carries, in seconds; 0 for none. */
    long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The {@code Allow} header value a 405 carries. */
    @Nullable String allow() {
        return allow;
    }
}

package io.sealedsession.servlet.internal;

import io.sealedsession.core.LoggingSessionEventListener;
import io.sealedsession.core.SessionConflictException;
import io.sealedsession.core.SessionException;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The filter's answers to session failures that reach it from the application or from its own
 * last save, written straight to the container's response (past every wrapper, so writing them
 * cannot start another save):
 *
 * <ul>
 *   <li>{@link SessionConflictException}: 503 with {@code Retry-After} and
 *       {@code {"error": "..."}}. The manager already retried its bounded number of times; this
 *       request's changes were not saved, and the client may send it again.</li>
 *   <li>any other {@link SessionException}: 500 with {@code {"error": "internal error", "id": "..."}}.
 *       The id is 16 random hex digits and appears in exactly one log line, at ERROR, with the
 *       exception; the response names no exception, class or message.</li>
 * </ul>
 *
 * <p>Both carry {@code Cache-Control: no-store}. Logged request paths are escaped.
 */
public final class ErrorAnswers {

    private static final Logger LOG = LoggerFactory.getLogger("io.sealedsession.servlet");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ErrorAnswers() {}

    /** The first {@code type} in {@code thrown}'s cause chain, or null. */
    public static <T extends Throwable> @Nullable T causeOf(Throwable thrown, Class<T> type) {
        Throwable cause = thrown;
        for (int depth = 0; cause != null && depth < 16; depth++, cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    /**
     * Answers {@code failure}, unless the response is committed already.
     *
     * @return false when the response was committed and nothing could be written; the caller
     *     rethrows so that the container aborts the response
     */
    public static boolean answer(HttpServletRequest request, ServletResponse response, SessionException failure,
            @Nullable Duration retryAfter) throws IOException {
        HttpServletResponse raw = innermost(response);
        String where = request.getMethod() + " " + LoggingSessionEventListener.escape(request.getRequestURI());
        if (raw == null || raw.isCommitted()) {
            LOG.error("session failure during {} after the response was committed; aborting it", where, failure);
            return false;
        }
        if (failure instanceof SessionConflictException) {
            LOG.warn("session save during {} lost every compare-and-set attempt; answering 503: {}", where,
                    failure.getMessage());
            raw.reset();
            raw.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            if (retryAfter != null) {
                raw.setHeader("Retry-After", Long.toString(retryAfter.getSeconds()));
            }
            json(raw, "{\"error\": \"the session was changed by other requests while this one was saved;"
                    + " this request's changes were not saved: retry\"}");
            return true;
        }
        String id = HexFormat.of().formatHex(randomBytes());
        LOG.error("error {} during {}: answering 500", id, where, failure);
        raw.reset();
        raw.setStatus(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
        json(raw, "{\"error\": \"internal error\", \"id\": \"" + id + "\"}");
        return true;
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static void json(HttpServletResponse response, String body) throws IOException {
        byte[] bytes = (body + "\n").getBytes(StandardCharsets.UTF_8);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json;charset=UTF-8");
        response.setContentLength(bytes.length);
        try {
            response.getOutputStream().write(bytes);
        } catch (IllegalStateException writerInUse) {
            response.getWriter().write(new String(bytes, StandardCharsets.UTF_8));
        }
        response.flushBuffer();
    }

    /** The container's own response beneath every wrapper. */
    private static @Nullable HttpServletResponse innermost(ServletResponse response) {
        ServletResponse current = response;
        while (current instanceof ServletResponseWrapper wrapper) {
            current = wrapper.getResponse();
        }
        return current instanceof HttpServletResponse http ? http : null;
    }
}

package io.sealedsession.core;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A read-only view of one of a principal's sessions, for "your active sessions" pages. It holds no
 * token: the handle identifies the session for {@link SessionManager#invalidate(String, String)}
 * but cannot be presented as a token.
 *
 * @param handle a stable, opaque identifier of the session, 22 URL-safe characters
 * @param createdAt when the session was created
 * @param lastAccessedAt when it was last used, to within the lazy touch interval
 * @param absoluteDeadline when it ends at the latest
 * @param attributes its decoded attributes (immutable)
 */
public record SessionInfo(
        String handle,
        Instant createdAt,
        Instant lastAccessedAt,
        Instant absoluteDeadline,
        Map<String, @Nullable Object> attributes) {

    /** Copies {@code attributes}: the view does not change when the session does. */
    public SessionInfo {
        attributes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(attributes));
    }

    /** The handle a session with this key has. */
    public static String handleOf(SessionKey key) {
        return io.sealedsession.core.internal.Handles.of(key);
    }
}

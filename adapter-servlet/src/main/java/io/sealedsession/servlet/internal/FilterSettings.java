package io.sealedsession.servlet.internal;

import io.sealedsession.core.SessionManager;
import io.sealedsession.servlet.SessionTokenResolver;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a filter was built with; validated by the filter's builder.
 *
 * @param manager the manager every request uses
 * @param resolver where tokens travel
 * @param unavailableStatus the status answered when the store cannot be reached
 * @param retryAfter the {@code Retry-After} sent with it, or null for none
 * @param listeners the servlet listeners to notify
 * @param lockLease the lease of the opt-in per-session lock, or null when requests do not lock
 * @param lockWait how long a request waits for the lock before it is answered as busy
 */
public record FilterSettings(
        SessionManager manager,
        SessionTokenResolver resolver,
        int unavailableStatus,
        @Nullable Duration retryAfter,
        SessionListeners listeners,
        @Nullable Duration lockLease,
        Duration lockWait) {

    public FilterSettings {
        Objects.requireNonNull(manager, "manager");
        Objects.requireNonNull(resolver, "resolver");
        Objects.requireNonNull(listeners, "listeners");
    }
}

package io.sealedsession.spring.boot.internal;

import io.sealedsession.core.port.SessionEventListener;
import io.sealedsession.core.port.SessionStore;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * What the Micrometer auto-configuration adds to the manager the starter builds: the store it
 * sees (observed) and the listeners that count events after the audit listener. Without
 * Micrometer the manager gets {@link #none()}, which changes nothing.
 */
public final class ManagerTelemetry {

    private static final ManagerTelemetry NONE = new ManagerTelemetry(UnaryOperator.identity(), List.of());

    private final UnaryOperator<SessionStore> observe;
    private final List<SessionEventListener> counters;
    private final Set<SessionEventListener> counterSet = Collections.newSetFromMap(new IdentityHashMap<>());

    /**
     * @param observe turns the store into the one the manager uses (returns it as it is when it is
     *     observed already)
     * @param counters listeners that count events; each runs after the audit listener, never in
     *     its place
     */
    public ManagerTelemetry(UnaryOperator<SessionStore> observe, List<SessionEventListener> counters) {
        this.observe = Objects.requireNonNull(observe, "observe");
        this.counters = List.copyOf(counters);
        this.counterSet.addAll(this.counters);
    }

    /** No telemetry: the store and the listener stay as they are. */
    public static ManagerTelemetry none() {
        return NONE;
    }

    /** The store the manager is to use. */
    public SessionStore observe(SessionStore store) {
        return Objects.requireNonNull(observe.apply(store), "observed store");
    }

    /** Whether {@code listener} is one of the counters, which is then not the application's audit listener. */
    public boolean counts(SessionEventListener listener) {
        return counterSet.contains(listener);
    }

    /** The audit listener followed by every counter. */
    public SessionEventListener after(SessionEventListener audit) {
        SessionEventListener all = Objects.requireNonNull(audit, "audit");
        for (SessionEventListener counter : counters) {
            all = all.andThen(counter);
        }
        return all;
    }
}

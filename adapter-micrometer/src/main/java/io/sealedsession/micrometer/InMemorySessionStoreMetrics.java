package io.sealedsession.micrometer;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.sealedsession.core.memory.InMemorySessionStore;
import java.util.Objects;

/**
 * Gauges of an {@link InMemorySessionStore}: {@value #SESSIONS} (records held now, expired ones
 * not yet swept included) and {@value #MAX_SESSIONS} (the ceiling at which a new session is
 * refused). Reading a gauge takes the store's lock for a moment; nothing is computed between reads.
 *
 * <p>The gauges hold the store weakly, as Micrometer gauges do: once the store is gone they read
 * {@code NaN}.
 */
public final class InMemorySessionStoreMetrics implements MeterBinder {

    /** Records the store holds. */
    public static final String SESSIONS = "sealedsession.store.memory.sessions";

    /** The most records the store holds. */
    public static final String MAX_SESSIONS = "sealedsession.store.memory.max";

    private final InMemorySessionStore store;

    public InMemorySessionStoreMetrics(InMemorySessionStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(SESSIONS, store, InMemorySessionStore::size)
                .description("Session records in the in-memory store, expired ones not yet swept included")
                .register(registry);
        Gauge.builder(MAX_SESSIONS, store, InMemorySessionStore::maxSessions)
                .description("The most session records the in-memory store holds")
                .register(registry);
    }
}

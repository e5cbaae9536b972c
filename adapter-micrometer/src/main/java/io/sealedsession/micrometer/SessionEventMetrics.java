package io.sealedsession.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sealedsession.core.SessionEvent;
import io.sealedsession.core.port.SessionEventListener;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Counts audit events by type: the counter {@value #METER_NAME}, tagged {@code type} with the
 * event type in lower case ({@code created}, {@code tampered}, {@code store_unavailable}, ...).
 * Every type's counter is registered when the listener is made, so a type that never happened
 * reads 0 rather than being absent.
 *
 * <p>It reads nothing from an event but its type: no fingerprint, principal or detail reaches a
 * meter. Keep the logging listener beside it with
 * {@code new LoggingSessionEventListener().andThen(new SessionEventMetrics(registry))}.
 *
 * <p>Thread-safe; {@link #onEvent} never throws for a registry that does not.
 */
public final class SessionEventMetrics implements SessionEventListener {

    /** The counter's name. */
    public static final String METER_NAME = "sealedsession.events";

    private final Map<SessionEvent.Type, Counter> counters = new EnumMap<>(SessionEvent.Type.class);

    /** Registers one counter per event type in {@code registry}. */
    public SessionEventMetrics(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        for (SessionEvent.Type type : SessionEvent.Type.values()) {
            counters.put(type, Counter.builder(METER_NAME)
                    .description("Session audit events, by type")
                    .tag("type", tagValue(type))
                    .register(registry));
        }
    }

    @Override
    public void onEvent(SessionEvent event) {
        counters.get(event.type()).increment();
    }

    /** The {@code type} tag of an event type: its name in lower case. */
    public static String tagValue(SessionEvent.Type type) {
        return type.name().toLowerCase(Locale.ROOT);
    }
}

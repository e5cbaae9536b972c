package io.sealedsession.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sealedsession.core.LoggingSessionEventListener;
import io.sealedsession.core.SessionEvent;
import io.sealedsession.core.port.SessionEventListener;
import io.sealedsession.tests.kit.RecordingEventListener;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SessionEventMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private double count(String type) {
        return registry.get(SessionEventMetrics.METER_NAME).tag("type", type).counter().count();
    }

    @Test
    void constructorWhenNothingHappenedThenEveryTypeReadsZero() {
        new SessionEventMetrics(registry);
        assertThat(registry.find(SessionEventMetrics.METER_NAME).counters()).hasSize(SessionEvent.Type.values().length);
        for (SessionEvent.Type type : SessionEvent.Type.values()) {
            assertThat(count(SessionEventMetrics.tagValue(type))).isZero();
        }
    }

    @Test
    void onEventWhenComposedWithOtherListenersThenEachCountedOnceAndPassedOn() {
        RecordingEventListener recorded = new RecordingEventListener();
        SessionEventListener listener = new LoggingSessionEventListener()
                .andThen(new SessionEventMetrics(registry))
                .andThen(recorded);
        listener.onEvent(new SessionEvent(SessionEvent.Type.TAMPERED, Instant.now(), "abcdefgh", null, "did not open"));
        listener.onEvent(new SessionEvent(SessionEvent.Type.TAMPERED, Instant.now(), "abcdefgh", null, "did not open"));
        listener.onEvent(new SessionEvent(SessionEvent.Type.STORE_UNAVAILABLE, Instant.now(), null, "alice", "down"));
        assertThat(count("tampered")).isEqualTo(2);
        assertThat(count("store_unavailable")).isEqualTo(1);
        assertThat(count("created")).isZero();
        assertThat(recorded.events()).hasSize(3);
    }
}

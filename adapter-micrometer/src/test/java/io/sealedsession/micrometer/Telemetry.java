package io.sealedsession.micrometer;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;

/**
 * What an application wires: a meter registry, an observation registry that turns observations
 * into timers and, through the OpenTelemetry bridge, into spans kept in memory.
 */
final class Telemetry implements AutoCloseable {

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final InMemorySpanExporter spans = InMemorySpanExporter.create();
    final ObservationRegistry observations = ObservationRegistry.create();
    private final SdkTracerProvider tracerProvider;

    Telemetry() {
        tracerProvider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
        OtelTracer tracer = new OtelTracer(tracerProvider.get("sealed-sessions-test"), new OtelCurrentTraceContext(),
                event -> {});
        observations.observationConfig()
                .observationHandler(new DefaultMeterObservationHandler(meters))
                .observationHandler(new DefaultTracingObservationHandler(tracer));
    }

    /** How many calls the store timer counted for {@code operation} with {@code outcome}. */
    long count(String operation, String outcome) {
        Timer timer = meters.find(ObservedSessionStore.OBSERVATION_NAME)
                .tag("operation", operation).tag("outcome", outcome).timer();
        return timer == null ? 0 : timer.count();
    }

    List<Meter> allMeters() {
        return meters.getMeters();
    }

    List<SpanData> finishedSpans() {
        return spans.getFinishedSpanItems();
    }

    @Override
    public void close() {
        tracerProvider.close();
        meters.close();
    }
}

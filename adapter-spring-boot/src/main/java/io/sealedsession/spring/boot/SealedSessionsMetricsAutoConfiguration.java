package io.sealedsession.spring.boot;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.observation.ObservationRegistry;
import io.sealedsession.core.memory.InMemorySessionStore;
import io.sealedsession.core.port.SessionEventListener;
import io.sealedsession.core.port.SessionStore;
import io.sealedsession.micrometer.InMemorySessionStoreMetrics;
import io.sealedsession.micrometer.ObservedSessionStore;
import io.sealedsession.micrometer.SessionEventMetrics;
import io.sealedsession.spring.boot.internal.ManagerTelemetry;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer for sealed sessions, whenever Micrometer and {@code adapter-micrometer} are on the
 * class path (an application with Actuator has both). Each bean backs off when the application
 * defines its own:
 * <ul>
 *   <li>{@link SessionEventMetrics} ({@code sealedsession.events}, tagged {@code type}), when there
 *       is a {@link MeterRegistry}: it counts every event after the audit listener (the
 *       application's {@link SessionEventListener} or the logging one), never in its place;</li>
 *   <li>the manager's store calls observed through {@link ObservedSessionStore}
 *       ({@code sealedsession.store}, tagged {@code operation} and {@code outcome}), when there is
 *       an {@link ObservationRegistry}: a timer, and a span through the application's tracing
 *       bridge. The {@link SessionStore} bean itself stays as it is, so the health check's reads
 *       are not counted as the application's traffic; a store that is an
 *       {@link ObservedSessionStore} already is not observed twice. Boot's
 *       {@code management.observations.enable.sealedsession=false} turns the observations off;</li>
 *   <li>with {@code sealedsession.store=memory}, a {@link MeterBinder} of the in-memory store's
 *       gauges ({@link InMemorySessionStoreMetrics}).</li>
 * </ul>
 * Runs after Boot's registries and observation set-up, on Boot 4 and on Boot 3.5.
 */
@AutoConfiguration(after = SealedSessionsAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration"})
@ConditionalOnClass(name = {"io.sealedsession.micrometer.ObservedSessionStore",
        "io.micrometer.core.instrument.MeterRegistry", "io.micrometer.observation.ObservationRegistry"})
@ConditionalOnBean(SessionStore.class)
public class SealedSessionsMetricsAutoConfiguration {

    /** The event counters, registered in the application's meter registry. */
    @Bean
    @ConditionalOnBean(MeterRegistry.class)
    @ConditionalOnMissingBean
    public SessionEventMetrics sealedSessionEventMetrics(MeterRegistry registry) {
        return new SessionEventMetrics(registry);
    }

    /** What the starter's manager gets: its store observed, and every event counter after its audit listener. */
    @Bean
    @ConditionalOnMissingBean
    ManagerTelemetry sealedSessionsTelemetry(ObjectProvider<ObservationRegistry> observations,
            ObjectProvider<SessionEventMetrics> counters) {
        ObservationRegistry registry = observations.getIfUnique();
        List<SessionEventListener> listeners = List.copyOf(counters.orderedStream().toList());
        if (registry == null) {
            return new ManagerTelemetry(store -> store, listeners);
        }
        return new ManagerTelemetry(store -> store instanceof ObservedSessionStore ? store
                : ObservedSessionStore.of(store, registry), listeners);
    }

    /**
     * The in-memory store's gauges, bound by Boot to every registry. Binds nothing when the
     * application's own store, under {@code sealedsession.store=memory}, is another kind.
     */
    @Bean
    @ConditionalOnProperty(name = "sealedsession.store", havingValue = "memory")
    @ConditionalOnMissingBean(InMemorySessionStoreMetrics.class)
    public MeterBinder sealedSessionsInMemoryStoreMetrics(SessionStore store) {
        SessionStore held = store instanceof ObservedSessionStore observed ? observed.delegate() : store;
        return registry -> {
            if (held instanceof InMemorySessionStore memory) {
                new InMemorySessionStoreMetrics(memory).bindTo(registry);
            }
        };
    }
}

package io.sealedsession.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.sealedsession.core.Session;
import io.sealedsession.core.SessionEvent;
import io.sealedsession.core.SessionManager;
import io.sealedsession.core.memory.InMemorySessionStore;
import io.sealedsession.core.port.SessionEventListener;
import io.sealedsession.core.port.SessionStore;
import io.sealedsession.micrometer.InMemorySessionStoreMetrics;
import io.sealedsession.micrometer.ObservedSessionStore;
import io.sealedsession.micrometer.SessionEventMetrics;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Every condition of the Micrometer auto-configuration, with the application's own meter and
 * observation registries (Boot's own are in the application tests).
 */
@ExtendWith(OutputCaptureExtension.class)
class SealedSessionsMetricsAutoConfigurationTest {

    private static final String[] DEMO = {"sealedsession.store=memory", "sealedsession.keyring.throwaway=true"};

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SealedSessionsAutoConfiguration.class,
                    SealedSessionsMetricsAutoConfiguration.class))
            .withPropertyValues(DEMO);

    /** A meter registry, and an observation registry whose observations become timers in it. */
    private ApplicationContextRunner withRegistries() {
        return runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withBean(ObservationRegistry.class, () -> ObservationRegistry.create());
    }

    private static void observeIntoMeters(ObservationRegistry observations, MeterRegistry meters) {
        observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
    }

    /** One created, saved and found session: a CREATED event and a create and a load call. */
    private static void useOneSession(SessionManager manager) {
        Session session = manager.create();
        session.setAttribute("cart", "book-42");
        manager.save(session);
        assertThat(manager.find(session.token().revealValue())).isPresent();
    }

    private static double events(MeterRegistry meters, String type) {
        return meters.get(SessionEventMetrics.METER_NAME).tag("type", type).counter().count();
    }

    private static long storeCalls(MeterRegistry meters, String operation, String outcome) {
        return meters.get(ObservedSessionStore.OBSERVATION_NAME).tag("operation", operation).tag("outcome", outcome)
                .timer().count();
    }

    @Test
    @DisplayName("with Micrometer, events are counted after the logging listener, which still logs each one")
    void eventsWhenMeterRegistryThenCountedBesideTheLog(CapturedOutput output) {
        withRegistries().run(context -> {
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            assertThat(context).hasSingleBean(SessionEventMetrics.class);
            assertThat(events(meters, "created")).isZero();

            useOneSession(context.getBean(SessionManager.class));

            assertThat(events(meters, "created")).isEqualTo(1);
            assertThat(output).contains("io.sealedsession.audit").contains("CREATED at=");
        });
    }

    @Test
    @DisplayName("the application's own event listener stays the audit listener, and the counters follow it")
    void eventsWhenApplicationHasAListenerThenBothSeeEachEvent() {
        List<SessionEvent.Type> seen = new CopyOnWriteArrayList<>();
        SessionEventListener own = event -> seen.add(event.type());
        withRegistries().withBean(SessionEventListener.class, () -> own).run(context -> {
            useOneSession(context.getBean(SessionManager.class));

            assertThat(seen).containsExactly(SessionEvent.Type.CREATED);
            assertThat(events(context.getBean(MeterRegistry.class), "created")).isEqualTo(1);
        });
    }

    @Test
    @DisplayName("the manager's store calls are observed, with operation and outcome; the SessionStore bean itself is left as it is")
    void storeWhenObservationRegistryThenCallsObserved() {
        withRegistries().run(context -> {
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            observeIntoMeters(context.getBean(ObservationRegistry.class), meters);

            useOneSession(context.getBean(SessionManager.class));

            assertThat(storeCalls(meters, "create", "success")).isEqualTo(1);
            assertThat(storeCalls(meters, "load", "success")).isEqualTo(1);
            assertThat(context.getBean(SessionStore.class)).isInstanceOf(InMemorySessionStore.class);
        });
    }

    @Test
    @DisplayName("an application's store that is observed already is not observed twice")
    void storeWhenAlreadyObservedThenNotWrappedAgain() {
        MeterRegistry meters = new SimpleMeterRegistry();
        ObservationRegistry observations = ObservationRegistry.create();
        observeIntoMeters(observations, meters);
        SessionStore own = ObservedSessionStore.of(new InMemorySessionStore(), observations);
        runner.withBean(MeterRegistry.class, () -> meters).withBean(ObservationRegistry.class, () -> observations)
                .withBean(SessionStore.class, () -> own).run(context -> {
                    useOneSession(context.getBean(SessionManager.class));

                    assertThat(storeCalls(meters, "create", "success")).isEqualTo(1);
                    assertThat(context.getBean(SessionStore.class)).isSameAs(own);
                });
    }

    @Test
    @DisplayName("the application's own SessionEventMetrics is the one used: no second set of counters")
    void eventsWhenApplicationDefinesMetricsThenBackOff() {
        MeterRegistry own = new SimpleMeterRegistry();
        SessionEventMetrics metrics = new SessionEventMetrics(own);
        withRegistries().withBean(SessionEventMetrics.class, () -> metrics).run(context -> {
            assertThat(context.getBean(SessionEventMetrics.class)).isSameAs(metrics);
            useOneSession(context.getBean(SessionManager.class));

            assertThat(events(own, "created")).isEqualTo(1);
            assertThat(context.getBean(MeterRegistry.class).find(SessionEventMetrics.METER_NAME).meters()).isEmpty();
        });
    }

    @Test
    @DisplayName("without a meter registry nothing is counted, and without an observation registry nothing is observed")
    void whenRegistriesAreMissingThenNothingOfThem() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(SessionEventMetrics.class);
            useOneSession(context.getBean(SessionManager.class));
        });
        MeterRegistry meters = new SimpleMeterRegistry();
        runner.withBean(MeterRegistry.class, () -> meters).run(context -> {
            useOneSession(context.getBean(SessionManager.class));
            assertThat(events(meters, "created")).isEqualTo(1);
            assertThat(meters.find(ObservedSessionStore.OBSERVATION_NAME).meters()).isEmpty();
        });
    }

    @Test
    @DisplayName("without Micrometer on the class path the configuration is skipped and sessions still work")
    void whenMicrometerIsAbsentThenSkipped() {
        runner.withClassLoader(new FilteredClassLoader("io.micrometer")).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean("sealedSessionEventMetrics");
            assertThat(context).doesNotHaveBean("sealedSessionsTelemetry");
            useOneSession(context.getBean(SessionManager.class));
        });
        runner.withClassLoader(new FilteredClassLoader("io.sealedsession.micrometer")).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean("sealedSessionEventMetrics");
        });
    }

    @Test
    @DisplayName("with sealedsession.store=memory the in-memory store's gauges are bound; with Redis there is no binder")
    void gaugesWhenInMemoryStoreThenBound() {
        withRegistries().run(context -> {
            MeterRegistry meters = new SimpleMeterRegistry();
            context.getBean("sealedSessionsInMemoryStoreMetrics", MeterBinder.class).bindTo(meters);
            useOneSession(context.getBean(SessionManager.class));

            assertThat(meters.get(InMemorySessionStoreMetrics.SESSIONS).gauge().value()).isEqualTo(1);
            assertThat(meters.get(InMemorySessionStoreMetrics.MAX_SESSIONS).gauge().value())
                    .isEqualTo(((InMemorySessionStore) context.getBean(SessionStore.class)).maxSessions());
        });
        InMemorySessionStoreMetrics own = new InMemorySessionStoreMetrics(new InMemorySessionStore());
        withRegistries().withBean(InMemorySessionStoreMetrics.class, () -> own)
                .run(context -> assertThat(context).doesNotHaveBean("sealedSessionsInMemoryStoreMetrics"));
        withRegistries().withPropertyValues("sealedsession.store=redis", "sealedsession.redis.uri=redis://127.0.0.1:1")
                .withBean(SessionStore.class, InMemorySessionStore::new)
                .run(context -> assertThat(context).doesNotHaveBean("sealedSessionsInMemoryStoreMetrics"));
    }
}

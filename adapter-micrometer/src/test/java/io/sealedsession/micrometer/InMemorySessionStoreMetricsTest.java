package io.sealedsession.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sealedsession.core.SessionKey;
import io.sealedsession.core.memory.InMemorySessionStore;
import io.sealedsession.tests.kit.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InMemorySessionStoreMetricsTest {

    @Test
    void gaugesWhenSessionsComeAndGoThenFollowTheStore() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        InMemorySessionStore store = new InMemorySessionStore(ManualClock.startingNow(), 500);
        new InMemorySessionStoreMetrics(store).bindTo(registry);
        assertThat(registry.get(InMemorySessionStoreMetrics.MAX_SESSIONS).gauge().value()).isEqualTo(500);
        assertThat(registry.get(InMemorySessionStoreMetrics.SESSIONS).gauge().value()).isZero();
        SessionKey one = new SessionKey("A".repeat(43));
        store.create(one, new byte[] {1}, Duration.ofMinutes(1));
        store.create(new SessionKey("B".repeat(43)), new byte[] {1}, Duration.ofMinutes(1));
        assertThat(registry.get(InMemorySessionStoreMetrics.SESSIONS).gauge().value()).isEqualTo(2);
        store.delete(one);
        assertThat(registry.get(InMemorySessionStoreMetrics.SESSIONS).gauge().value()).isEqualTo(1);
    }
}

package io.sealedsession.core.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedsession.core.SessionKey;
import io.sealedsession.core.SessionStoreFullException;
import io.sealedsession.core.SessionStoreUnavailableException;
import io.sealedsession.core.SessionToken;
import io.sealedsession.core.testing.MovableClock;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** H2: the in-memory store frees expired sessions by itself and refuses to grow past its limit. */
class InMemorySessionStoreBoundsTest {

    private static final byte[] RECORD = {1, 2, 3};

    private final MovableClock clock = new MovableClock();

    private static final SecureRandom RANDOM = new SecureRandom();

    private static SessionKey newKey() {
        return SessionToken.generate(RANDOM).key();
    }

    @Test
    @DisplayName("H2: sessions that expired are swept by a later create, without anyone reading them")
    void createWhenExpiredSessionsAreOlderThanTheSweepIntervalThenTheyAreSwept() {
        InMemorySessionStore store = new InMemorySessionStore(clock);
        for (int i = 0; i < 500; i++) {
            assertThat(store.create(newKey(), RECORD, Duration.ofSeconds(2))).isTrue();
        }
        assertThat(store.size()).isEqualTo(500);

        clock.advance(Duration.ofSeconds(InMemorySessionStore.SWEEP_INTERVAL_SECONDS));
        store.create(newKey(), RECORD, Duration.ofSeconds(2));

        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    @DisplayName("H2: a burst of short-lived sessions is swept when it doubles the store, before the interval is up")
    void createWhenTheStoreDoubledSinceTheLastSweepThenExpiredSessionsAreSwept() {
        InMemorySessionStore store = new InMemorySessionStore(clock);
        for (int i = 0; i < 5_000; i++) {
            store.create(newKey(), RECORD, Duration.ofMillis(10));
            clock.advance(Duration.ofMillis(1));
        }

        // 5 seconds passed, less than the sweep interval: only the doubling rule swept.
        assertThat(store.size()).isLessThanOrEqualTo(1_024);
    }

    @Test
    @DisplayName("H2: a full store refuses a new session with SessionStoreFullException and keeps the others")
    void createWhenFullThenRefusesWithAStoreFullException() {
        InMemorySessionStore store = new InMemorySessionStore(clock, 3);
        SessionKey first = newKey();
        store.create(first, RECORD, Duration.ofMinutes(30));
        store.create(newKey(), RECORD, Duration.ofMinutes(30));
        store.create(newKey(), RECORD, Duration.ofMinutes(30));
        SessionKey refused = newKey();

        assertThatThrownBy(() -> store.create(refused, RECORD, Duration.ofMinutes(30)))
                .isInstanceOf(SessionStoreFullException.class)
                .isInstanceOf(SessionStoreUnavailableException.class)
                .hasMessageContaining("maxSessions");

        assertThat(store.size()).isEqualTo(3);
        assertThat(store.load(refused, null)).isEmpty();
        assertThat(store.load(first, null)).isPresent();
    }

    @Test
    @DisplayName("H2: a full store makes room by sweeping expired sessions before it refuses")
    void createWhenFullOfExpiredSessionsThenSweepsAndAccepts() {
        InMemorySessionStore store = new InMemorySessionStore(clock, 2);
        store.create(newKey(), RECORD, Duration.ofSeconds(1));
        store.create(newKey(), RECORD, Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(2));

        SessionKey accepted = newKey();
        assertThat(store.create(accepted, RECORD, Duration.ofSeconds(1))).isTrue();
        assertThat(store.size()).isEqualTo(1);
        assertThat(store.load(accepted, null)).isPresent();
    }

    @Test
    void constructorWhenMaxSessionsIsZeroThenRefuses() {
        assertThatThrownBy(() -> new InMemorySessionStore(clock, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("but maxSessions was 0");
    }
}

package io.sealedsession.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedsession.core.SaveResult;
import io.sealedsession.core.Session;
import io.sealedsession.core.SessionEvent;
import io.sealedsession.core.SessionManager;
import io.sealedsession.core.SessionStoreUnavailableException;
import io.sealedsession.core.memory.InMemorySessionStore;
import io.sealedsession.crypto.SessionKeyring;
import io.sealedsession.tests.kit.ManualClock;
import io.sealedsession.tests.kit.RecordingEventListener;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** How the manager behaves when its store or its listener fails. */
class SessionManagerFaultsTest {

    private final ManualClock clock = ManualClock.startingNow();
    private final RecordingEventListener events = new RecordingEventListener();
    private SwitchableStore store;
    private SessionManager manager;

    @BeforeEach
    void setUp() {
        store = new SwitchableStore(new InMemorySessionStore(clock));
        manager = SessionManager.builder(store, SessionKeyring.generate().sealer())
                .clock(clock).eventListener(events).build();
    }

    @Test
    @DisplayName("invariant 11: an unreachable store is an exception and an event, never an empty session")
    void findWhenStoreUnreachableThenException() {
        Session session = manager.create();
        session.setAttribute("a", 1);
        manager.save(session);
        store.reachable(false);

        assertThatThrownBy(() -> manager.find(session.token().revealValue()))
                .isInstanceOf(SessionStoreUnavailableException.class);
        assertThat(events.ofType(SessionEvent.Type.STORE_UNAVAILABLE)).singleElement()
                .satisfies(e -> assertThat(e.fingerprint()).isEqualTo(session.token().fingerprint()));
    }

    @Test
    @DisplayName("invariant 11: when the store is back, the same manager works again")
    void findWhenStoreBackThenSessionFound() {
        Session session = manager.create();
        session.setAttribute("a", 1);
        manager.save(session);
        store.reachable(false);
        Session changed = manager.create();
        assertThatThrownBy(() -> manager.save(changed)).isInstanceOf(SessionStoreUnavailableException.class);

        store.reachable(true);

        assertThat(manager.find(session.token().revealValue()))
                .hasValueSatisfying(s -> assertThat(s.getAttribute("a")).isEqualTo(1));
        assertThat(manager.save(changed)).isEqualTo(SaveResult.SAVED);
    }

    @Test
    @DisplayName("a listener that throws cannot break a request")
    void saveWhenListenerThrowsThenSaved() {
        SessionManager withBrokenListener = SessionManager.builder(store, SessionKeyring.generate().sealer())
                .clock(clock)
                .eventListener(event -> {
                    throw new IllegalStateException("audit sink down");
                })
                .build();
        Session session = withBrokenListener.create();

        assertThat(withBrokenListener.save(session)).isEqualTo(SaveResult.SAVED);
        assertThat(withBrokenListener.find(session.token().revealValue())).isPresent();
    }

    @Test
    @DisplayName("no token at all is simply no session, without an event")
    void findWhenNoTokenThenEmptyAndSilent() {
        assertThat(manager.find(null)).isEmpty();
        assertThat(manager.find("")).isEmpty();
        assertThat(events.events()).isEmpty();
    }
}

package io.sealedsession.spring.boot.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedsession.core.Session;
import io.sealedsession.core.SessionInfo;
import io.sealedsession.core.SessionManager;
import io.sealedsession.core.memory.InMemorySessionStore;
import io.sealedsession.crypto.SessionKeyring;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.userdetails.User;

class SealedSessionRegistryTest {

    private final SessionManager manager = SessionManager.builder(new InMemorySessionStore(), SessionKeyring.generate().sealer()).build();
    private final SealedSessionRegistry registry = new SealedSessionRegistry(manager);

    private Session signedIn(String principal) {
        Session session = manager.create();
        manager.authenticate(session, principal);
        manager.save(session);
        return session;
    }

    @Test
    @DisplayName("getAllSessions lists the principal's live sessions by handle, for a UserDetails or a name alike")
    void getAllSessionsWhenSignedInThenHandles() {
        Session first = signedIn("alice");
        Session second = signedIn("alice");
        signedIn("bob");

        List<SessionInformation> sessions = registry.getAllSessions(User.withUsername("alice").password("x").build(), false);

        assertThat(sessions).extracting(SessionInformation::getSessionId).containsExactlyInAnyOrder(
                SessionInfo.handleOf(first.key()), SessionInfo.handleOf(second.key()));
        assertThat(sessions).extracting(SessionInformation::getSessionId)
                .doesNotContain(first.token().revealValue(), second.token().revealValue());
        assertThat(registry.getAllSessions("alice", true)).hasSize(2);
    }

    @Test
    @DisplayName("L5 expireNow ends the session in the store: its token opens nothing afterwards")
    void expireNowWhenCalledThenSessionIsGone() {
        Session first = signedIn("alice");
        Session second = signedIn("alice");

        registry.getAllSessions("alice", false).stream()
                .filter(info -> info.getSessionId().equals(SessionInfo.handleOf(first.key()))).findFirst().orElseThrow().expireNow();

        assertThat(manager.find(first.token().revealValue())).isEmpty();
        assertThat(manager.find(second.token().revealValue())).isPresent();
        assertThat(registry.getAllSessions("alice", false)).hasSize(1);
    }

    @Test
    @DisplayName("nothing is kept in memory: registering, refreshing and removing change nothing, and names are not listed")
    void registryWhenAskedForStateThenHoldsNone() {
        Session session = signedIn("alice");
        String handle = SessionInfo.handleOf(session.key());
        registry.registerNewSession(handle, "alice");
        registry.refreshLastRequest(handle);
        registry.removeSessionInformation(handle);

        assertThat(registry.getAllPrincipals()).isEmpty();
        assertThat(registry.getSessionInformation(handle)).isNull();
        assertThat(registry.getAllSessions("alice", false)).hasSize(1);
    }
}

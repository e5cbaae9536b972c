package io.sealedsession.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedsession.core.memory.InMemorySessionStore;
import io.sealedsession.core.port.PrincipalKey;
import io.sealedsession.core.port.SessionSealer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DefaultSessionManagerPrincipalTest {

    /** Seals nothing; records which principals it was asked to key. Enough for argument checks. */
    private static final class RecordingSealer implements SessionSealer {
        final List<String> principals = new ArrayList<>();

        @Override
        public byte[] seal(byte[] plaintext, byte[] associatedData) {
            throw new AssertionError("not expected to seal");
        }

        @Override
        public Optional<byte[]> open(byte[] sealed, byte[] associatedData) {
            throw new AssertionError("not expected to open");
        }

        @Override
        public PrincipalKey principalKey(String principal) {
            principals.add(principal);
            return new PrincipalKey("p" + principals.size());
        }
    }

    @Test
    void authenticateWhenPrincipalHasAnUnpairedSurrogateThenRejectedBeforeAnythingHappens() {
        RecordingSealer sealer = new RecordingSealer();
        SessionManager manager = SessionManager.builder(new InMemorySessionStore(), sealer).build();
        Session session = manager.create();

        // UTF-8 would store "bob?" for each of these, so three principals would share one name.
        for (String principal : List.of("bob\ud800", "bob\udfff", "\ud83dbob")) {
            assertThatThrownBy(() -> manager.authenticate(session, principal))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("unpaired surrogate");
        }

        assertThat(sealer.principals).isEmpty();
        assertThat(session.principal()).isEmpty();
    }
}

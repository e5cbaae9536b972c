package io.sealedsession.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedsession.core.memory.InMemorySessionStore;
import io.sealedsession.core.port.PrincipalKey;
import io.sealedsession.core.port.SessionSealer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * H1: a value the session cannot store fails at {@code setAttribute}, where the application made
 * it, and leaves the session as it was, rather than failing later at save time.
 */
class SessionSetAttributeEncodabilityTest {

    /** setAttribute never seals; this one refuses to, so a test notices if it did. */
    private static final class UnusedSealer implements SessionSealer {
        @Override
        public byte[] seal(byte[] plaintext, byte[] associatedData) {
            throw new AssertionError("setAttribute must not seal");
        }

        @Override
        public Optional<byte[]> open(byte[] sealed, byte[] associatedData) {
            throw new AssertionError("setAttribute must not open");
        }

        @Override
        public PrincipalKey principalKey(String principal) {
            throw new AssertionError("setAttribute must not key principals");
        }
    }

    private final Session session = SessionManager.builder(new InMemorySessionStore(), new UnusedSealer()).build().create();

    @Test
    @DisplayName("H1: an unpaired surrogate in a String value, also inside a list or a map, fails at setAttribute naming the attribute")
    void setAttributeWhenAValueHasAnUnpairedSurrogateThenItFailsThere() {
        session.setAttribute("kept", "fine");

        for (Object value : List.of("\ud800", "note \udfff", List.of("ok", "\ud83d"), Map.of("k", "v\ud800"))) {
            assertThatThrownBy(() -> session.setAttribute("notes", value))
                    .isInstanceOf(AttributeNotEncodableException.class)
                    .hasMessageContaining("'notes'")
                    .hasMessageContaining("unpaired surrogate");
        }

        assertThat(session.attributeNames()).containsExactly("kept");
        assertThat(session.getAttribute("kept")).isEqualTo("fine");
    }

    @Test
    @DisplayName("H1: an unpaired surrogate in an attribute name fails at setAttribute")
    void setAttributeWhenTheNameHasAnUnpairedSurrogateThenItFailsThere() {
        assertThatThrownBy(() -> session.setAttribute("name\ud800", "value"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unpaired surrogate");

        assertThat(session.attributeNames()).isEmpty();
    }
}

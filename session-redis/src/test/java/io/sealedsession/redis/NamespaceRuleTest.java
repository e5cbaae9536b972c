package io.sealedsession.redis;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedsession.core.Namespace;
import io.sealedsession.core.SessionManager;
import io.sealedsession.core.memory.InMemorySessionStore;
import io.sealedsession.core.port.PrincipalKey;
import io.sealedsession.core.port.SessionSealer;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One namespace rule: what the manager accepts, every store setting accepts, and the other way round. */
class NamespaceRuleTest {

    private static final SessionSealer SEALER = new SessionSealer() {
        @Override
        public byte[] seal(byte[] plaintext, byte[] associatedData) {
            return plaintext.clone();
        }

        @Override
        public Optional<byte[]> open(byte[] sealed, byte[] associatedData) {
            return Optional.of(sealed.clone());
        }

        @Override
        public PrincipalKey principalKey(String principal) {
            throw new UnsupportedOperationException("not needed to build a manager");
        }
    };

    @ParameterizedTest
    @ValueSource(strings = {"ss", "app.v2", "A-b_c", "x"})
    void namespaceWhenValidThenManagerAndStoreAccept(String namespace) {
        assertThatCode(() -> SessionManager.builder(new InMemorySessionStore(), SEALER).namespace(namespace)).doesNotThrowAnyException();
        assertThatCode(() -> RedisStoreConfig.custom().namespace(namespace)).doesNotThrowAnyException();
        assertThatCode(() -> Namespace.requireValid(namespace)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a b", "a:b", "{x}", "é", "a*"})
    void namespaceWhenInvalidThenManagerAndStoreRefuse(String namespace) {
        assertThatThrownBy(() -> SessionManager.builder(new InMemorySessionStore(), SEALER).namespace(namespace))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[A-Za-z0-9._-]");
        assertThatThrownBy(() -> RedisStoreConfig.custom().namespace(namespace))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[A-Za-z0-9._-]");
    }
}

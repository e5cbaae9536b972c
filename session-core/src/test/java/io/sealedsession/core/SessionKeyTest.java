package io.sealedsession.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class SessionKeyTest {

    @Test
    void constructorWhenWrongLengthThenRejectedNamingTheLength() {
        assertThatThrownBy(() -> new SessionKey("A".repeat(42)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("43")
                .hasMessageContaining("but was 42");
        assertThatThrownBy(() -> new SessionKey("A".repeat(44)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("but was 44");
    }

    @Test
    void constructorWhenCharacterOutsideAlphabetThenRejectedWithoutEchoingTheValue() {
        String value = "A".repeat(20) + "+" + "B".repeat(22);

        assertThatThrownBy(() -> new SessionKey(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("character 20")
                .hasMessageNotContaining(value);
    }

    @Test
    void equalsWhenSameValueThenEqualWithSameHashCode() {
        SessionKey key = SessionToken.generate(new SecureRandom()).key();
        SessionKey copy = new SessionKey(key.value());

        assertThat(copy).isEqualTo(key).hasSameHashCodeAs(key);
        assertThat(copy).isNotEqualTo(SessionToken.generate(new SecureRandom()).key());
    }
}

package io.sealedsession.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PrincipalCapTest {

    @Test
    void factoriesWhenCalledThenSetTheBehaviourAtTheCap() {
        assertThat(PrincipalCap.rejectAbove(3)).isEqualTo(new PrincipalCap(3, PrincipalCap.AtCap.REJECT));
        assertThat(PrincipalCap.evictOldestAbove(5)).isEqualTo(new PrincipalCap(5, PrincipalCap.AtCap.EVICT_OLDEST));
    }

    @Test
    void isUnlimitedWhenUnlimitedThenTrueOtherwiseFalse() {
        assertThat(PrincipalCap.UNLIMITED.isUnlimited()).isTrue();
        assertThat(PrincipalCap.UNLIMITED.maxSessions()).isEqualTo(Integer.MAX_VALUE);
        assertThat(PrincipalCap.rejectAbove(1).isUnlimited()).isFalse();
        assertThat(SessionPolicy.ofDefaults().principalCap().isUnlimited()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void constructorWhenMaxSessionsBelowOneThenRejectedNamingTheField(int maxSessions) {
        assertThatThrownBy(() -> PrincipalCap.rejectAbove(maxSessions))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxSessions must be at least 1, but was " + maxSessions);
        assertThatThrownBy(() -> PrincipalCap.evictOldestAbove(maxSessions))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("but was " + maxSessions);
    }

    @Test
    void constructorWhenAtCapIsNullThenRejectedNamingTheField() {
        assertThatThrownBy(() -> new PrincipalCap(1, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("atCap");
    }
}

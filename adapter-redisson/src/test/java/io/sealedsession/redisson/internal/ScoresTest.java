package io.sealedsession.redisson.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScoresTest {

    @Test
    void formatWhenEpochMillisThenPlainInteger() {
        assertThat(Scores.format(1_764_302_270_123d)).isEqualTo("1764302270123");
        assertThat(Scores.format(-5d)).isEqualTo("-5");
        assertThat(Scores.format(0d)).isEqualTo("0");
    }

    @Test
    void formatWhenFractionOrHugeThenRoundTripDecimal() {
        assertThat(Double.parseDouble(Scores.format(0.1))).isEqualTo(0.1);
        assertThat(Double.parseDouble(Scores.format(1e300))).isEqualTo(1e300);
    }

    @Test
    void formatWhenInfiniteThenRedisSpelling() {
        assertThat(Scores.format(Double.POSITIVE_INFINITY)).isEqualTo("+inf");
        assertThat(Scores.format(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
        assertThat(Scores.exclusive(42)).isEqualTo("(42");
    }

    @Test
    void formatWhenNaNThenRefused() {
        assertThatThrownBy(() -> Scores.format(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parseWhenRedisSpellingsThenValues() {
        assertThat(Scores.parse("1764302270123")).isEqualTo(1_764_302_270_123d);
        assertThat(Scores.parse("0.5")).isEqualTo(0.5);
        assertThat(Scores.parse("inf")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(Scores.parse("-inf")).isEqualTo(Double.NEGATIVE_INFINITY);
    }
}

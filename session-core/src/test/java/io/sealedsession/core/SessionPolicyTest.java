package io.sealedsession.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SessionPolicyTest {

    @Test
    void ofDefaultsWhenCalledThenHasTheDocumentedValues() {
        SessionPolicy defaults = SessionPolicy.ofDefaults();

        assertThat(defaults.idleTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(defaults.absoluteLifetime()).isEqualTo(Duration.ofHours(8));
        assertThat(defaults.lazyTouchInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(defaults.renewalInterval()).isNull();
        assertThat(defaults.principalCap()).isEqualTo(new PrincipalCap(16, PrincipalCap.AtCap.EVICT_OLDEST));
        assertThat(defaults.maxRecordBytes()).isEqualTo(64 * 1024);
        assertThat(defaults.maxAttributes()).isEqualTo(256);
    }

    @Test
    void customWhenNothingIsSetThenBuildsTheDefaults() {
        assertThat(SessionPolicy.custom().build()).isEqualTo(SessionPolicy.ofDefaults());
    }

    @Test
    void fromWhenBaseIsCustomThenKeepsEveryValue() {
        SessionPolicy base = SessionPolicy.custom()
                .idleTimeout(Duration.ofMinutes(5))
                .absoluteLifetime(Duration.ofHours(1))
                .lazyTouchInterval(Duration.ZERO)
                .renewalInterval(Duration.ofMinutes(15))
                .principalCap(PrincipalCap.rejectAbove(3))
                .maxRecordBytes(4096)
                .maxAttributes(10)
                .build();

        assertThat(SessionPolicy.from(base).build()).isEqualTo(base);
        assertThat(base.renewalInterval()).isEqualTo(Duration.ofMinutes(15));
        assertThat(base.principalCap()).isEqualTo(new PrincipalCap(3, PrincipalCap.AtCap.REJECT));
    }

    @Test
    void fromWhenOneValueChangesThenOnlyThatValueChanges() {
        SessionPolicy base = SessionPolicy.custom().maxAttributes(10).renewalInterval(Duration.ofMinutes(15)).build();

        SessionPolicy changed = SessionPolicy.from(base).maxAttributes(11).renewalInterval(null).build();

        assertThat(changed).isEqualTo(new SessionPolicy(base.idleTimeout(), base.absoluteLifetime(),
                base.lazyTouchInterval(), null, base.principalCap(), base.maxRecordBytes(), 11));
        assertThat(base.maxAttributes()).isEqualTo(10);
    }

    @Test
    void buildWhenValuesAreAtTheirBoundsThenAccepted() {
        SessionPolicy lowest = SessionPolicy.custom()
                .idleTimeout(Duration.ofSeconds(1))
                .absoluteLifetime(Duration.ofSeconds(1))
                .lazyTouchInterval(Duration.ZERO)
                .renewalInterval(Duration.ofNanos(1))
                .maxRecordBytes(256)
                .maxAttributes(1)
                .build();
        SessionPolicy highest = SessionPolicy.custom().maxRecordBytes(SessionPolicy.MAX_RECORD_BYTES_LIMIT).build();

        assertThat(lowest.maxRecordBytes()).isEqualTo(256);
        assertThat(highest.maxRecordBytes()).isEqualTo(16 * 1024 * 1024);
    }

    static Stream<Arguments> invalidValues() {
        return Stream.of(
                invalid("idleTimeout", "but was PT0.999S", b -> b.idleTimeout(Duration.ofMillis(999))),
                invalid("idleTimeout", "but was PT0S", b -> b.idleTimeout(Duration.ZERO)),
                invalid("idleTimeout", "but was PT-1M", b -> b.idleTimeout(Duration.ofMinutes(-1))),
                invalid("absoluteLifetime", "but was PT29M59S", b -> b.absoluteLifetime(Duration.ofSeconds(30 * 60 - 1))),
                invalid("lazyTouchInterval", "but was PT-1S", b -> b.lazyTouchInterval(Duration.ofSeconds(-1))),
                invalid("lazyTouchInterval", "but was PT30M", b -> b.lazyTouchInterval(Duration.ofMinutes(30))),
                invalid("lazyTouchInterval", "but was PT1M",
                        b -> b.idleTimeout(Duration.ofSeconds(30)).absoluteLifetime(Duration.ofHours(1))),
                invalid("renewalInterval", "but was PT0S", b -> b.renewalInterval(Duration.ZERO)),
                invalid("renewalInterval", "but was PT-1S", b -> b.renewalInterval(Duration.ofSeconds(-1))),
                invalid("maxRecordBytes", "but was 255", b -> b.maxRecordBytes(255)),
                invalid("maxRecordBytes", "but was 16777217", b -> b.maxRecordBytes(SessionPolicy.MAX_RECORD_BYTES_LIMIT + 1)),
                invalid("maxRecordBytes", "but was -1", b -> b.maxRecordBytes(-1)),
                invalid("maxAttributes", "but was 0", b -> b.maxAttributes(0)),
                invalid("maxAttributes", "but was -5", b -> b.maxAttributes(-5)));
    }

    private static Arguments invalid(String field, String butWas, UnaryOperator<SessionPolicy.Builder> change) {
        return Arguments.of(field, butWas, change);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("invalidValues")
    void buildWhenAValueIsOutOfRangeThenRejectedNamingTheFieldAndTheValue(
            String field, String butWas, UnaryOperator<SessionPolicy.Builder> change) {
        SessionPolicy.Builder builder = change.apply(SessionPolicy.custom());

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(field)
                .hasMessageEndingWith(butWas);
    }

    @Test
    void builderWhenARequiredValueIsNullThenNullPointerExceptionNamesIt() {
        assertThatThrownBy(() -> SessionPolicy.custom().idleTimeout(null)).hasMessage("idleTimeout");
        assertThatThrownBy(() -> SessionPolicy.custom().absoluteLifetime(null)).hasMessage("absoluteLifetime");
        assertThatThrownBy(() -> SessionPolicy.custom().lazyTouchInterval(null)).hasMessage("lazyTouchInterval");
        assertThatThrownBy(() -> SessionPolicy.custom().principalCap(null)).hasMessage("principalCap");
    }

    @Test
    void buildWhenRejectedThenTheBuilderStillHoldsItsOtherValues() {
        SessionPolicy.Builder builder = SessionPolicy.custom().maxAttributes(7).maxRecordBytes(1);
        assertThatThrownBy(builder::build).hasMessageContaining("maxRecordBytes");

        assertThat(builder.maxRecordBytes(1024).build().maxAttributes()).isEqualTo(7);
    }
}

package io.sealedsession.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** H3: values that reach a log line cannot break it into two or hide part of it. */
class LoggingSessionEventListenerTest {

    @Test
    @DisplayName("H3: CR, LF, tab and backslash are written as escapes, so a principal cannot forge a log line")
    void escapeWhenTheValueHoldsLineBreaksThenTheyAreEscaped() {
        assertThat(LoggingSessionEventListener.escape("alice\r\n2026-01-01 INFO AUTHENTICATED principal=admin\t\\"))
                .isEqualTo("alice\\r\\n2026-01-01 INFO AUTHENTICATED principal=admin\\t\\\\");
    }

    @Test
    void escapeWhenTheValueHoldsOtherControlsThenTheyAreWrittenAsUnicodeEscapes() {
        assertThat(LoggingSessionEventListener.escape("a\u0000b\u001bc\u007fd\u0085e\u2028f\u202eg\ud800"))
                .isEqualTo("a\\u0000b\\u001Bc\\u007Fd\\u0085e\\u2028f\\u202Eg\\uD800");
    }

    @Test
    void escapeWhenTheValueIsPrintableThenItIsKept() {
        assertThat(LoggingSessionEventListener.escape("Zoë 😀 bob@example.org")).isEqualTo("Zoë 😀 bob@example.org");
        assertThat(LoggingSessionEventListener.escape(null)).isEqualTo("null");
    }

    @Test
    void escapeWhenTheValueIsLongThenItIsCut() {
        String escaped = LoggingSessionEventListener.escape("x".repeat(10_000));

        assertThat(escaped).hasSize(LoggingSessionEventListener.MAX_ESCAPED_CHARS + 1).endsWith("…");
    }
}

package io.sealedsession.tests.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The fuzzer itself: a crash fails with its input saved, and a run is the same every time. */
class FuzzTest {

    @Test
    void runWhenTargetCrashesThenFailsNamingSeedAndSavesTheInput() throws Exception {
        // A decoder with a planted bug: it trips over a 0xFF byte after a '{', which no seed holds.
        Fuzz.Target buggy = input -> {
            for (int i = 0; i + 1 < input.length; i++) {
                if (input[i] == '{' && input[i + 1] == (byte) 0xFF) {
                    throw new ArrayIndexOutOfBoundsException("planted");
                }
            }
        };

        assertThatThrownBy(() -> Fuzz.run("self-test", List.of("{\"a\":1}".getBytes()), 20_000, buggy))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("fuzz test self-test crashed on input ")
                .hasMessageContaining("seed " + Fuzz.DEFAULT_SEED)
                .hasMessageContaining("ArrayIndexOutOfBoundsException: planted")
                .satisfies(failure -> {
                    Matcher saved = Pattern.compile("saved to (\\S+)").matcher(failure.getMessage());
                    assertThat(saved.find()).isTrue();
                    byte[] input = Files.readAllBytes(Path.of(saved.group(1)));
                    assertThatThrownBy(() -> buggy.accept(input)).as("the saved input replays the crash")
                            .hasMessage("planted");
                });
    }

    @Test
    void runWhenRepeatedThenSameInputsInTheSameOrder() {
        List<byte[]> first = new ArrayList<>();
        List<byte[]> second = new ArrayList<>();

        Fuzz.run("repeat", List.of(new byte[] {1, 2, 3, 4}), 500, first::add);
        Fuzz.run("repeat", List.of(new byte[] {1, 2, 3, 4}), 500, second::add);

        assertThat(first).hasSize(1 + Fuzz.inputs(500)).hasSameSizeAs(second);
        for (int i = 0; i < first.size(); i++) {
            assertThat(Arrays.equals(first.get(i), second.get(i))).as("input %d", i).isTrue();
        }
        assertThat(first.stream().map(Arrays::toString).distinct().count()).as("mutations do vary").isGreaterThan(300);
    }
}

package io.sealedsession.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

class SessionTokenPropertiesTest {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    @Provide
    Arbitrary<String> candidates() {
        Arbitrary<String> alphabetOnly = Arbitraries.strings().withChars(ALPHABET).ofLength(43);
        Arbitrary<String> nearlyAlphabet = Arbitraries.strings().withChars(ALPHABET + "+/=*.~ \r\n\t\0\u00e9")
                .ofMinLength(41).ofMaxLength(45);
        return Arbitraries.frequencyOf(
                Tuple.of(3, alphabetOnly),
                Tuple.of(2, nearlyAlphabet),
                Tuple.of(1, Arbitraries.strings().all().ofMaxLength(100)));
    }

    @Property(tries = 3000)
    void parseWhenGivenAnyStringThenAcceptsExactlyTheCanonicalTokens(@ForAll("candidates") String candidate) {
        Optional<SessionToken> parsed = SessionToken.parse(candidate);

        boolean wellFormed = candidate.length() == 43
                && candidate.chars().allMatch(c -> ALPHABET.indexOf(c) >= 0)
                && ALPHABET.indexOf(candidate.charAt(42)) % 4 == 0;
        assertThat(parsed.isPresent()).isEqualTo(wellFormed);
        parsed.ifPresent(token -> {
            assertThat(token.revealValue()).isEqualTo(candidate);
            assertThat(token.key().value()).isNotEqualTo(candidate).hasSize(43);
            assertThat(token.toString()).doesNotContain(candidate);
        });
    }
}

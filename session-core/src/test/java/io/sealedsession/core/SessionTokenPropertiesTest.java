package io.sealedsession.core;

import static io.sealedsession.core.testing.Gen.weight;
import static io.sealedsession.core.testing.Generated.forAll;
import static org.assertj.core.api.Assertions.assertThat;

import io.sealedsession.core.testing.Gen;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SessionTokenPropertiesTest {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private static Gen<String> candidates() {
        String a42 = "A".repeat(42);
        String generated = SessionToken.generate(new SecureRandom()).revealValue();
        List<String> edges = new ArrayList<>(List.of(a42 + "A", a42 + "E", a42 + "w", a42 + "B", a42 + "_", a42, a42 + "AA", a42 + "A=",
                a42 + "+", a42 + "/", a42 + "\0", a42 + "\u00e9", generated, generated + "=", generated.substring(1),
                " " + generated.substring(1), generated.toUpperCase(), "\ud83d\ude00".repeat(21) + "A"));
        Gen<String> alphabetOnly = Gen.strings(ALPHABET, 43, 43);
        Gen<String> nearlyAlphabet = Gen.strings(ALPHABET + "+/=*.~ \r\n\t\0\u00e9", 41, 45);
        Gen<String> drawn = Gen.frequency(
                weight(3, alphabetOnly),
                weight(2, nearlyAlphabet),
                weight(1, Gen.anyStrings(100)));
        edges.addAll(drawn.edgeCases());
        return Gen.of(edges, drawn);
    }

    @Test
    void parseWhenGivenAnyStringThenAcceptsExactlyTheCanonicalTokens() {
        forAll(3000, candidates(), candidate -> {
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
        });
    }
}

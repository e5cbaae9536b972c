package io.sealedsession.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SessionTokenTest {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static final Pattern UUID_SHAPE = Pattern.compile(
            "[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Hands out the given bytes, so that a token's value is known in advance. */
    static final class FixedRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final byte[] bytes;

        FixedRandom(byte[] bytes) {
            this.bytes = bytes.clone();
        }

        @Override
        public void nextBytes(byte[] out) {
            for (int i = 0; i < out.length; i++) {
                out[i] = bytes[i % bytes.length];
            }
        }
    }

    private static final boolean[] IN_ALPHABET = new boolean[128];

    static {
        ALPHABET.chars().forEach(c -> IN_ALPHABET[c] = true);
    }

    private static boolean isBase64Url43(String s) {
        if (s.length() != 43) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 128 || !IN_ALPHABET[c]) {
                return false;
            }
        }
        return true;
    }

    // ---- T1 ----------------------------------------------------------------------------------

    @Test
    @DisplayName("T1: a million generated tokens are distinct and each is 43 characters of base64url")
    void generateWhenCalledAMillionTimesThenAllTokensAreDistinctBase64Url() {
        int count = 1_000_000;
        Set<String> seen = new HashSet<>(count * 2);
        int malformed = 0;
        for (int i = 0; i < count; i++) {
            String value = SessionToken.generate(RANDOM).revealValue();
            if (!isBase64Url43(value)) {
                malformed++;
            }
            seen.add(value);
        }
        assertThat(malformed).isZero();
        assertThat(seen).hasSize(count);
    }

    @Test
    @DisplayName("T1: a token carries the 32 bytes drawn from the given SecureRandom, 256 bits")
    void generateWhenRandomIsFixedThenTokenEncodesExactlyThoseThirtyTwoBytes() {
        byte[] drawn = new byte[32];
        for (int i = 0; i < drawn.length; i++) {
            drawn[i] = (byte) (i * 7 + 3);
        }

        SessionToken token = SessionToken.generate(new FixedRandom(drawn));

        assertThat(Base64.getUrlDecoder().decode(token.revealValue())).isEqualTo(drawn);
        assertThat(token.revealValue()).isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(drawn));
    }

    @Test
    @DisplayName("T1: tokens are not UUIDs, in any of their usual shapes")
    void generateWhenCalledThenTokenIsNotUuidShaped() {
        for (int i = 0; i < 10_000; i++) {
            String value = SessionToken.generate(RANDOM).revealValue();
            assertThat(value).hasSize(43).doesNotMatch(UUID_SHAPE);
            assertThat(Base64.getUrlDecoder().decode(value)).hasSize(32);
        }
    }

    // ---- T2 ----------------------------------------------------------------------------------

    @Test
    @DisplayName("T2: null and empty input are refused")
    void parseWhenNullOrEmptyThenEmpty() {
        assertThat(SessionToken.parse(null)).isEmpty();
        assertThat(SessionToken.parse("")).isEmpty();
    }

    @Test
    @DisplayName("T2: 42 and 44 characters of the right alphabet are refused")
    void parseWhenOneCharacterShortOrLongThenEmpty() {
        String valid = SessionToken.generate(RANDOM).revealValue();

        assertThat(SessionToken.parse(valid.substring(0, 42))).isEmpty();
        assertThat(SessionToken.parse(valid + "A")).isEmpty();
        assertThat(SessionToken.parse("A" + valid)).isEmpty();
        assertThat(SessionToken.parse(valid)).isPresent();
    }

    @Test
    @DisplayName("T2: a 10,000-character value is refused")
    void parseWhenTenThousandCharactersThenEmpty() {
        assertThat(SessionToken.parse("A".repeat(10_000))).isEmpty();
        assertThat(SessionToken.parse(SessionToken.generate(RANDOM).revealValue().repeat(233))).isEmpty();
    }

    @ParameterizedTest(name = "[{index}]")
    @ValueSource(chars = {'+', '/', '=', '*', ' ', '\t', '\r', '\n', '\0', '.', '~', '%', ';', '"', '\\',
            '\u007f', '\u00e9', '\u00a0', '\u0660', '\uff21', '\u2028', '\ud83d', '\ude00'})
    @DisplayName("T2: a character outside the base64url alphabet is refused in every position")
    void parseWhenAnyPositionHoldsANonAlphabetCharacterThenEmpty(char bad) {
        String valid = SessionToken.generate(RANDOM).revealValue();
        List<Integer> accepted = new ArrayList<>();
        for (int position = 0; position < valid.length(); position++) {
            char[] chars = valid.toCharArray();
            chars[position] = bad;
            if (SessionToken.parse(new String(chars)).isPresent()) {
                accepted.add(position);
            }
        }
        assertThat(accepted).as("positions where %s was accepted", (int) bad).isEmpty();
    }

    @Test
    @DisplayName("T2: a 43-character value whose last character carries non-zero padding bits is refused")
    void parseWhenLastCharacterIsNotCanonicalThenEmpty() {
        String valid = "A".repeat(42) + "A";
        // 43 characters hold 258 bits; the last character's two lowest bits must be zero.
        for (int low = 1; low < 4; low++) {
            String nonCanonical = valid.substring(0, 42) + ALPHABET.charAt(low);
            // The JDK decoder accepts it, so only the canonical-form check can refuse it.
            assertThat(Base64.getUrlDecoder().decode(nonCanonical)).hasSize(32);
            assertThat(SessionToken.parse(nonCanonical)).as(nonCanonical).isEmpty();
        }
        assertThat(SessionToken.parse(valid)).isPresent();
    }

    @Test
    @DisplayName("T2: every non-canonical last character is refused, every canonical one accepted")
    void parseWhenLastCharacterVariesThenOnlyCanonicalOnesAreAccepted() {
        String prefix = SessionToken.generate(RANDOM).revealValue().substring(0, 42);
        for (int index = 0; index < 64; index++) {
            String candidate = prefix + ALPHABET.charAt(index);
            assertThat(SessionToken.parse(candidate).isPresent()).as(candidate).isEqualTo(index % 4 == 0);
        }
    }

    @Test
    @DisplayName("T2: a generated token parses back to an equal token")
    void parseWhenGivenAGeneratedTokenThenReturnsAnEqualToken() {
        for (int i = 0; i < 1_000; i++) {
            SessionToken token = SessionToken.generate(RANDOM);

            Optional<SessionToken> parsed = SessionToken.parse(token.revealValue());

            assertThat(parsed).contains(token);
            assertThat(parsed.orElseThrow().revealValue()).isEqualTo(token.revealValue());
            assertThat(parsed.orElseThrow().key()).isEqualTo(token.key());
        }
    }

    // ---- T4 ----------------------------------------------------------------------------------

    @Test
    @DisplayName("T4: the key is base64url(SHA-256(token)), known answer")
    void keyWhenTokenIsKnownThenMatchesKnownSha256() {
        SessionToken token = SessionToken.generate(new FixedRandom(new byte[32]));
        assertThat(token.revealValue()).isEqualTo("A".repeat(43));

        // Computed independently: printf A...A | openssl dgst -sha256 -binary | base64url
        assertThat(token.key().value()).isEqualTo("DwBzhbb51LfusnSGBa_hqYSgo7-j8BTQnip4TOnlzRo");
    }

    @Test
    @DisplayName("T4: the key is the SHA-256 of the token's characters")
    void keyWhenTokenIsGeneratedThenIsSha256OfTheTokenValue() throws Exception {
        SessionToken token = SessionToken.generate(RANDOM);
        byte[] digest = MessageDigest.getInstance("SHA-256")
                .digest(token.revealValue().getBytes(StandardCharsets.US_ASCII));

        assertThat(token.key().value()).isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
    }

    @Test
    @DisplayName("T4: a stored key presented as a token parses but names a different key, so it opens nothing")
    void parseWhenGivenASessionKeyThenYieldsADifferentKey() {
        for (int i = 0; i < 1_000; i++) {
            SessionToken token = SessionToken.generate(RANDOM);
            SessionKey stolenKey = token.key();
            assertThat(isBase64Url43(stolenKey.value())).isTrue();

            SessionToken presented = SessionToken.parse(stolenKey.value()).orElseThrow();

            assertThat(presented.key()).isNotEqualTo(stolenKey);
            assertThat(presented.key().value()).isNotEqualTo(stolenKey.value());
            assertThat(presented).isNotEqualTo(token);
        }
    }

    // ---- T5 ----------------------------------------------------------------------------------

    @Test
    @DisplayName("T5: toString of a token shows a short fingerprint, never the token or its key")
    void toStringWhenCalledThenHidesTheValue() {
        for (int i = 0; i < 1_000; i++) {
            SessionToken token = SessionToken.generate(RANDOM);
            String text = token.toString();

            assertThat(text).doesNotContain(token.revealValue())
                    .doesNotContain(token.revealValue().substring(0, 12))
                    .doesNotContain(token.key().value())
                    .contains(token.fingerprint());
            assertThat(text.length()).isLessThanOrEqualTo(24);
        }
    }

    @Test
    @DisplayName("T5: toString of a key shows a short fingerprint, never the key")
    void sessionKeyToStringWhenCalledThenHidesTheValue() {
        SessionKey key = SessionToken.generate(RANDOM).key();

        assertThat(key.toString()).doesNotContain(key.value())
                .doesNotContain(key.value().substring(0, 12))
                .contains(key.fingerprint())
                .hasSizeLessThanOrEqualTo(24);
    }

    @Test
    @DisplayName("T5: the fingerprint is 8 characters of the key, not of the token")
    void fingerprintWhenCalledThenIsAnEightCharacterPrefixOfTheKeyNotTheToken() {
        // A fixed token whose value and key start differently, so the check cannot pass by chance.
        SessionToken known = SessionToken.generate(new FixedRandom(new byte[32]));
        assertThat(known.fingerprint()).isEqualTo("DwBzhbb5");

        for (int i = 0; i < 1_000; i++) {
            SessionToken token = SessionToken.generate(RANDOM);
            String fingerprint = token.fingerprint();

            assertThat(fingerprint).hasSize(8).isEqualTo(token.key().fingerprint());
            assertThat(token.key().value()).startsWith(fingerprint);
            assertThat(token.revealValue()).doesNotContain(fingerprint);
        }
    }

    // ---- equality ----------------------------------------------------------------------------

    @Test
    void equalsWhenSameValueThenEqualWithSameHashCode() {
        SessionToken token = SessionToken.generate(RANDOM);
        SessionToken same = SessionToken.parse(token.revealValue()).orElseThrow();

        assertThat(same).isEqualTo(token).hasSameHashCodeAs(token);
        assertThat(token).isEqualTo(token);
    }

    @Test
    void equalsWhenDifferentValueOrTypeThenNotEqual() {
        SessionToken token = SessionToken.generate(RANDOM);
        SessionToken other = SessionToken.generate(RANDOM);

        assertThat(token).isNotEqualTo(other);
        assertThat(token).isNotEqualTo(token.revealValue());
        assertThat(token).isNotEqualTo(token.key());
        assertThat(token.equals(null)).isFalse();
    }

    @Test
    void equalsWhenTokensDifferOnlyInTheLastByteThenNotEqual() {
        byte[] a = new byte[32];
        byte[] b = Arrays.copyOf(a, 32);
        b[31] = 1;

        assertThat(SessionToken.generate(new FixedRandom(a))).isNotEqualTo(SessionToken.generate(new FixedRandom(b)));
    }
}

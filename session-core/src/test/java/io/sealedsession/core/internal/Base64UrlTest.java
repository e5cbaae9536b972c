package io.sealedsession.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Base64UrlTest {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    /** What canonical means, spelled out with the JDK's decoder: decodes to n bytes and encodes back to itself. */
    private static boolean reference(String text, int bytes) {
        for (int i = 0; i < text.length(); i++) {
            if (ALPHABET.indexOf(text.charAt(i)) < 0) {
                return false;
            }
        }
        try {
            byte[] decoded = Base64.getUrlDecoder().decode(text);
            return decoded.length == bytes && Base64.getUrlEncoder().withoutPadding().encodeToString(decoded).equals(text);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Test
    void isCanonicalWhenEveryLastCharacterIsTriedThenAgreesWithDecodingAndEncodingBack() {
        Random random = new Random(20261201);
        for (int bytes = 1; bytes <= 40; bytes++) {
            byte[] value = new byte[bytes];
            random.nextBytes(value);
            String encoded = Base64Url.encode(value);
            assertThat(encoded).hasSize(Base64Url.encodedLength(bytes));
            assertThat(Base64Url.isCanonical(encoded, bytes)).as("%d bytes", bytes).isTrue();
            String head = encoded.substring(0, encoded.length() - 1);
            for (int c = 0; c < 128; c++) {
                String candidate = head + (char) c;
                assertThat(Base64Url.isCanonical(candidate, bytes)).as("%d bytes, last character %d", bytes, c)
                        .isEqualTo(reference(candidate, bytes));
            }
        }
    }

    @Test
    void isCanonicalWhenLengthIsOffOrACharacterIsOutsideTheAlphabetThenFalse() {
        String token = Base64Url.encode(new byte[32]);
        assertThat(Base64Url.isCanonical(token, 32)).isTrue();
        assertThat(Base64Url.isCanonical(token.substring(1), 32)).isFalse();
        assertThat(Base64Url.isCanonical(token + "A", 32)).isFalse();
        for (char bad : new char[] {'=', '+', '/', ' ', '\u00c0', '\u0100', '\uffff', '\u0000'}) {
            for (int at = 0; at < token.length(); at++) {
                String candidate = token.substring(0, at) + bad + token.substring(at + 1);
                assertThat(Base64Url.isCanonical(candidate, 32)).as("%s at %d", (int) bad, at).isFalse();
            }
        }
    }

    @Test
    void isAlphabetWhenEveryCharIsTriedThenOnlyTheSixtyFourAreIn() {
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            assertThat(Base64Url.isAlphabet((char) c)).as("char %d", c).isEqualTo(ALPHABET.indexOf(c) >= 0);
        }
    }
}

package io.sealedsession.core.internal;

import java.util.Base64;
import org.jspecify.annotations.Nullable;

/** Unpadded base64url, strict on the way in. */
public final class Base64Url {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /** Each ASCII character's 6-bit value in the base64url alphabet, or -1 when it is not in it. */
    private static final byte[] VALUES = new byte[128];

    static {
        java.util.Arrays.fill(VALUES, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < alphabet.length(); i++) {
            VALUES[alphabet.charAt(i)] = (byte) i;
        }
    }

    private Base64Url() {}

    public static String encode(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }

    /** Decodes, or returns null for anything that is not base64url. */
    public static byte @Nullable [] decodeOrNull(String text) {
        try {
            return DECODER.decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public static boolean isAlphabet(char c) {
        return c < 128 && VALUES[c] >= 0;
    }

    /**
     * True when {@code text} is the canonical unpadded base64url encoding of exactly
     * {@code bytes} bytes: the right length, only alphabet characters, and no bits set past the
     * last byte (a decoder ignores those bits, so two texts would name one value). Decodes nothing.
     */
    public static boolean isCanonical(String text, int bytes) {
        int length = encodedLength(bytes);
        if (text.length() != length) {
            return false;
        }
        int last = 0;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c >= 128 || (last = VALUES[c]) < 0) {
                return false;
            }
        }
        // The last character carries 2 bits (one byte left over) or 4 bits (two left over); the rest must be zero.
        int unusedBits = switch (bytes % 3) {
            case 1 -> 4;
            case 2 -> 2;
            default -> 0;
        };
        return (last & ((1 << unusedBits) - 1)) == 0;
    }

    /** The number of characters of the unpadded encoding of {@code bytes} bytes. */
    public static int encodedLength(int bytes) {
        return (bytes * 4 + 2) / 3;
    }
}

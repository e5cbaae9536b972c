package io.sealedsession.core.internal;

import java.util.Base64;
import org.jspecify.annotations.Nullable;

/** Unpadded base64url, strict on the way in. */
public final class Base64Url {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

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
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }
}

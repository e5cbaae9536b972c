package io.sealedsession.cli.doctor;

import io.sealedsession.core.SessionPolicy;
import io.sealedsession.core.SessionToken;
import io.sealedsession.core.port.StoredRecord;
import io.sealedsession.redis.StoredRecords;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What the keys and values Sealed Sessions writes look like from outside, without any key to open
 * them: enough to tell its own data from anything else under the namespace.
 *
 * <ul>
 *   <li>A record lives under {@code <ns>:s:{<session key>}}, the session key being 43 characters of
 *       base64url. Its value is the 8-byte big-endian version (1 or more) of {@link StoredRecords},
 *       then the sealed record as Tink writes it: the output prefix byte {@code 0x01}, the 4-byte
 *       key id, a 12-byte nonce, the ciphertext and a 16-byte tag (see
 *       {@code TinkSessionSealer}). A record's plaintext is at most
 *       {@link SessionPolicy#MAX_RECORD_BYTES_LIMIT} bytes.</li>
 *   <li>A principal's index lives under {@code <ns>:p:{<principal key>}} (1 to 128 characters of
 *       base64url) and is a sorted set whose members are session keys.</li>
 *   <li>A session's opt-in lock lives under {@code <ns>:l:{<session key>}}; its value is a random
 *       fencing token of 43 base64url characters (no credential: it opens nothing).</li>
 *   <li>A sign-in throttle's count lives under {@code <ns>:t:{<keyed PRF>}}; its value is two
 *       decimal numbers, {@code failures:lockedUntil}.</li>
 *   <li>The expiry watcher's claim on an expired session lives under
 *       {@code <ns>:e:{<session key>}}; its value is {@code 1}.</li>
 * </ul>
 *
 * A value that passes is not proven to be a sealed record (only a key can prove that), but cleartext
 * session data does not pass by accident: it would need a binary version frame followed by the Tink
 * prefix byte.
 */
final class RecordShapes {

    /** Tink's output prefix type TINK: one version byte, then the key id. */
    static final int TINK_PREFIX_BYTE = 0x01;
    /** Tink prefix (5) + AES-GCM nonce (12) + tag (16): what sealing adds to the plaintext. */
    static final int SEALING_OVERHEAD = 5 + 12 + 16;

    private static final String BASE64URL = "[A-Za-z0-9_-]";
    private static final Pattern SESSION_KEY = Pattern.compile(BASE64URL + "{" + SessionToken.ENCODED_LENGTH + "}");

    private static final Pattern FENCE = Pattern.compile(BASE64URL + "{" + SessionToken.ENCODED_LENGTH + "}");
    private static final Pattern THROTTLE_COUNT = Pattern.compile("\\d{1,19}:\\d{1,19}");

    private final Pattern recordKey;
    private final Pattern indexKey;
    private final Pattern lockKey;
    private final Pattern throttleKey;
    private final Pattern expiryClaimKey;

    RecordShapes(String namespace) {
        String ns = Pattern.quote(namespace);
        this.recordKey = Pattern.compile(ns + ":s:\\{" + BASE64URL + "{" + SessionToken.ENCODED_LENGTH + "}\\}");
        this.indexKey = Pattern.compile(ns + ":p:\\{" + BASE64URL + "{1,128}\\}");
        this.lockKey = Pattern.compile(ns + ":l:\\{" + BASE64URL + "{" + SessionToken.ENCODED_LENGTH + "}\\}");
        this.throttleKey = Pattern.compile(ns + ":t:\\{" + BASE64URL + "{1,128}\\}");
        this.expiryClaimKey = Pattern.compile(ns + ":e:\\{" + BASE64URL + "{" + SessionToken.ENCODED_LENGTH + "}\\}");
    }

    /** What a key's name says it should hold. */
    enum KeyKind { RECORD, INDEX, LOCK, THROTTLE, EXPIRY_CLAIM, OTHER }

    KeyKind kind(String key) {
        if (recordKey.matcher(key).matches()) {
            return KeyKind.RECORD;
        }
        if (indexKey.matcher(key).matches()) {
            return KeyKind.INDEX;
        }
        if (lockKey.matcher(key).matches()) {
            return KeyKind.LOCK;
        }
        if (expiryClaimKey.matcher(key).matches()) {
            return KeyKind.EXPIRY_CLAIM;
        }
        return throttleKey.matcher(key).matches() ? KeyKind.THROTTLE : KeyKind.OTHER;
    }

    /** Whether a lock key's value is a fencing token. */
    static boolean isFence(byte[] value) {
        return FENCE.matcher(new String(value, StandardCharsets.ISO_8859_1)).matches();
    }

    /** Whether an expiry claim's value is the watcher's {@code 1}. */
    static boolean isExpiryClaim(byte[] value) {
        return value.length == 1 && value[0] == '1';
    }

    /** Whether a throttle key's value is a count. */
    static boolean isThrottleCount(byte[] value) {
        return THROTTLE_COUNT.matcher(new String(value, StandardCharsets.ISO_8859_1)).matches();
    }

    /**
     * Why a record key's value is not a sealed record, or null when it has the shape of one.
     * The reason describes sizes and positions only, never the bytes.
     */
    static @Nullable String recordProblem(byte[] value) {
        int minimum = StoredRecords.VERSION_PREFIX_LENGTH + SEALING_OVERHEAD + 1;
        if (value.length < minimum) {
            return value.length + " bytes, shorter than the smallest sealed record (" + minimum + ")";
        }
        long maximum = (long) StoredRecords.VERSION_PREFIX_LENGTH + SEALING_OVERHEAD + SessionPolicy.MAX_RECORD_BYTES_LIMIT;
        if (value.length > maximum) {
            return value.length + " bytes, longer than the largest sealed record (" + maximum + ")";
        }
        StoredRecord frame = StoredRecords.read(value);
        if (frame == null) {
            return "no version frame (the first 8 bytes are not a version of 1 or more)";
        }
        if ((frame.sealed()[0] & 0xff) != TINK_PREFIX_BYTE) {
            return "no Tink ciphertext after the version frame (byte 9 is not the prefix 0x01)";
        }
        return null;
    }

    /** Whether a member of a principal's index is a session key. */
    static boolean isSessionKey(byte[] member) {
        return SESSION_KEY.matcher(new String(member, StandardCharsets.ISO_8859_1)).matches();
    }

    /** A key name fit for a report: printable ASCII, at most 80 characters. */
    static String printable(String key) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(key.length(), 80); i++) {
            char c = key.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return key.length() > 80 ? out + "…" : out.toString();
    }
}

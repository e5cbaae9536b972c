package io.sealedsession.core;

import io.sealedsession.core.port.SessionEventListener;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes audit events to SLF4J under the logger {@code io.sealedsession.audit}: security-relevant
 * failures (tampering, malformed tokens, an unreachable store, the cap, failed and throttled
 * sign-ins) at WARN, the rest at INFO. Lines carry the token's fingerprint and never a token.
 *
 * <p>The principal and the detail may hold what a client typed (an account name tried at sign-in),
 * so both are written through {@link #escape}: a value with CR, LF or other control characters
 * cannot forge a second log line or hide the rest of this one.
 */
public final class LoggingSessionEventListener implements SessionEventListener {

    private static final Logger LOG = LoggerFactory.getLogger("io.sealedsession.audit");

    /** The longest value {@link #escape} writes before cutting it off with {@code …}. */
    public static final int MAX_ESCAPED_CHARS = 256;

    @Override
    public void onEvent(SessionEvent event) {
        String principal = event.principal() == null ? null : escape(event.principal());
        String detail = escape(event.detail());
        switch (event.type()) {
            case TAMPERED, MALFORMED_TOKEN, STORE_UNAVAILABLE, CAP_REACHED, WRITE_AFTER_DELETE_REFUSED, SIGN_IN_FAILED,
                    SIGN_IN_THROTTLED ->
                    LOG.warn("{} at={} session={} principal={} {}", event.type(), event.at(),
                            event.fingerprint(), principal, detail);
            default -> LOG.info("{} at={} session={} principal={} {}", event.type(), event.at(),
                    event.fingerprint(), principal, detail);
        }
    }

    /**
     * A value made safe for one log line: backslash, CR, LF and tab become {@code \\}, {@code \r},
     * {@code \n}, {@code \t}; every other control character (C0, DEL, C1), the Unicode line and
     * paragraph separators, bidirectional overrides and unpaired surrogates become {@code \}{@code uXXXX}.
     * Values longer than {@value #MAX_ESCAPED_CHARS} characters are cut there and end in {@code …}.
     * Printable text, non-ASCII letters included, is kept as it is. Null becomes {@code null}.
     */
    public static String escape(@Nullable CharSequence value) {
        if (value == null) {
            return "null";
        }
        int length = Math.min(value.length(), MAX_ESCAPED_CHARS);
        StringBuilder out = new StringBuilder(length + 8);
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                        out.append(c).append(value.charAt(i + 1));
                        i++;
                    } else if (needsEscape(c)) {
                        out.append(String.format("\\u%04X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (value.length() > MAX_ESCAPED_CHARS) {
            out.append('…');
        }
        return out.toString();
    }

    private static boolean needsEscape(char c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029'
                || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069')
                || Character.isSurrogate(c);
    }
}

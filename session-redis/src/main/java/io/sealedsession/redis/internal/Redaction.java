package io.sealedsession.redis.internal;

import java.util.Locale;

/**
 * Keeps secrets out of messages: passwords in Redis URIs and the command arguments that Redis
 * echoes in some error replies.
 */
public final class Redaction {

    private static final int MAX_ERROR_LENGTH = 200;
    private static final String ECHOED_ARGUMENTS = ", with args beginning with";

    private Redaction() {}

    /**
     * A Redis URI fit for a log line: the user-info part (user and password) becomes {@code ***}
     * and the query, which some clients accept credentials in, is dropped. Never throws, whatever
     * the input.
     */
    public static String uri(String uri) {
        int schemeEnd = uri.indexOf("://");
        if (schemeEnd < 0) {
            // Not URI-shaped: it cannot be parsed for its parts, so show none of it.
            return "<a Redis URI of " + uri.length() + " characters>";
        }
        String scheme = uri.substring(0, schemeEnd);
        String rest = uri.substring(schemeEnd + 3);
        // The last '@' first: a password may itself contain '?', '#', '/' or '@'. Cutting at an '@'
        // that belongs to the query instead hides too much, which is the safe direction.
        int at = rest.lastIndexOf('@');
        String userInfo = at >= 0 ? "***@" : "";
        rest = rest.substring(at + 1);
        int queryStart = indexOfAny(rest, "?#");
        boolean hadQuery = queryStart >= 0;
        String hostAndPath = userInfo + (hadQuery ? rest.substring(0, queryStart) : rest);
        return scheme + "://" + hostAndPath + (hadQuery ? "?…" : "");
    }

    /**
     * A server error reply fit for an exception message: without the arguments Redis echoes after
     * {@code "with args beginning with"}, without control characters, at most 200 characters.
     */
    public static String serverError(String error) {
        String text = error;
        int echoed = text.toLowerCase(Locale.ROOT).indexOf(ECHOED_ARGUMENTS);
        if (echoed >= 0) {
            text = text.substring(0, echoed) + " (arguments withheld)";
        }
        StringBuilder clean = new StringBuilder(Math.min(text.length(), MAX_ERROR_LENGTH));
        for (int i = 0; i < text.length() && clean.length() < MAX_ERROR_LENGTH; i++) {
            char c = text.charAt(i);
            clean.append(Character.isISOControl(c) ? ' ' : c);
        }
        if (text.length() > MAX_ERROR_LENGTH) {
            clean.append('…');
        }
        return clean.toString().trim();
    }

    /** Whether {@link #serverError} would leave the text as it is, apart from surrounding blanks. */
    public static boolean serverErrorIsClean(String error) {
        return serverError(error).equals(error.trim());
    }

    private static int indexOfAny(String text, String chars) {
        for (int i = 0; i < text.length(); i++) {
            if (chars.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}

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
     * A Redis URI fit for a log line, in every form ({@code redis://}, {@code rediss://} and their
     * {@code -cluster} and {@code -sentinel} variants): the user-info part (user and password)
     * becomes {@code ***} and the query, which some clients accept credentials in, is dropped. A
     * Sentinel URI keeps its {@code #master} name, which is not a secret and says which master is
     * meant. Never throws, whatever the input.
     */
    public static String uri(String uri) {
        int schemeEnd = uri.indexOf("://");
        if (schemeEnd < 0) {
            // Not URI-shaped: it cannot be parsed for its parts, so show none of it.
            return "<a Redis URI of " + uri.length() + " characters>";
        }
        String scheme = printable(uri.substring(0, schemeEnd), 32);
        String rest = uri.substring(schemeEnd + 3);
        // The last '@' first: a password may itself contain '?', '#', '/' or '@'. Cutting at an '@'
        // that belongs to the query instead hides too much, which is the safe direction.
        int at = rest.lastIndexOf('@');
        String userInfo = at >= 0 ? "***@" : "";
        rest = rest.substring(at + 1);
        String master = "";
        if (scheme.toLowerCase(Locale.ROOT).endsWith("-sentinel")) {
            int hash = rest.lastIndexOf('#');
            if (hash >= 0 && rest.indexOf('?') < 0) {
                master = "#" + printable(rest.substring(hash + 1), 64);
                rest = rest.substring(0, hash);
            }
        }
        int queryStart = indexOfAny(rest, "?#");
        boolean hadQuery = queryStart >= 0;
        String hostAndPath = userInfo + printable(hadQuery ? rest.substring(0, queryStart) : rest, 400);
        return scheme + "://" + hostAndPath + master + (hadQuery ? "?…" : "");
    }

    private static String printable(String text, int max) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), max));
        for (int i = 0; i < text.length() && out.length() < max; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        return text.length() > max ? out + "…" : out.toString();
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

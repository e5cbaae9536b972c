package io.sealedsession.cli.doctor;

import org.jspecify.annotations.Nullable;

/**
 * What a Redis URI says about the connection doctor makes: TLS or not, the host, and whether it
 * names a user and a password. The password itself is not kept.
 *
 * @param tls {@code rediss://}
 * @param host the host as written (an IPv6 address keeps its brackets)
 * @param user the user name in the URI, or null when it names none
 * @param passwordGiven whether the URI holds a password
 */
record ConnectionFacts(boolean tls, String host, @Nullable String user, boolean passwordGiven) {

    /**
     * Reads a {@code redis://} or {@code rediss://} URI, as validated by
     * {@link io.sealedsession.redis.RedisStoreConfig}. User information without a colon is a
     * password alone, as the clients read it ({@code redis://secret@host}).
     */
    static ConnectionFacts of(String uri) {
        boolean tls = uri.startsWith("rediss://");
        String rest = uri.substring(uri.indexOf("://") + 3);
        // The last '@' ends the user information: a password may itself contain '@'.
        int at = rest.lastIndexOf('@');
        String user = null;
        boolean password = false;
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            int colon = userInfo.indexOf(':');
            if (colon >= 0) {
                user = colon == 0 ? null : userInfo.substring(0, colon);
                password = colon < userInfo.length() - 1;
            } else {
                password = !userInfo.isEmpty();
            }
            rest = rest.substring(at + 1);
        }
        String host;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            host = close > 0 ? rest.substring(0, close + 1) : rest;
        } else {
            int end = rest.length();
            for (char stop : new char[] {':', '/', '?', '#'}) {
                int i = rest.indexOf(stop);
                if (i >= 0 && i < end) {
                    end = i;
                }
            }
            host = rest.substring(0, end);
        }
        return new ConnectionFacts(tls, host, user, password);
    }
}

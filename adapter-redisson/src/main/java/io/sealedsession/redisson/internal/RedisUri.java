package io.sealedsession.redisson.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A Redis URI taken apart: {@code redis[s]://[[user]:password@]host[:port][/database][?options]}.
 *
 * <p>Redisson's own parser would accept the URI too, but it knows no database and no options, so a
 * URI asking for {@code verifyPeer=NONE} would silently get full verification here and something
 * else under another adapter; every part is therefore read here, and anything not understood is
 * refused rather than ignored. Options understood: {@code verifyPeer} (only {@code FULL} or
 * {@code true}: verification cannot be relaxed), {@code database} or {@code db}, and
 * {@code timeout} (accepted for compatibility with other clients' URIs; the store's configured
 * command timeout applies). User and password may be percent-encoded; a user-info part without a
 * colon is a password for the default user.
 *
 * <p>Parse errors never quote the URI: it may hold a password.
 *
 * @param tls {@code rediss://}
 * @param host the host name or IP literal; an IPv6 literal keeps its brackets
 * @param port the port, 6379 when none is given
 * @param database the logical database, 0 when none is given
 * @param username the ACL user, or null for the default user
 * @param password the password, or null when none is given
 */
public record RedisUri(boolean tls, String host, int port, int database, @Nullable String username,
        char @Nullable [] password) {

    private static final int DEFAULT_PORT = 6379;

    /**
     * Parses {@code uri}.
     *
     * @throws IllegalArgumentException with a message that names the faulty part but never quotes it
     */
    public static RedisUri parse(String uri) {
        boolean tls;
        String rest;
        if (uri.startsWith("rediss://")) {
            tls = true;
            rest = uri.substring("rediss://".length());
        } else if (uri.startsWith("redis://")) {
            tls = false;
            rest = uri.substring("redis://".length());
        } else {
            throw new IllegalArgumentException("a Redis URI starts with redis:// or rediss://");
        }
        if (rest.indexOf('#') >= 0 && rest.lastIndexOf('#') > rest.lastIndexOf('@')) {
            throw new IllegalArgumentException("a Redis URI has no fragment (#...)");
        }

        // The last '@' ends the user-info: a password may itself hold '@', '/', '?' or ':'.
        String username = null;
        char[] password = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                password = percentDecode(userInfo, "password").toCharArray();
            } else {
                String user = percentDecode(userInfo.substring(0, colon), "user name");
                username = user.isEmpty() ? null : user;
                password = percentDecode(userInfo.substring(colon + 1), "password").toCharArray();
            }
        }

        String query = null;
        int questionMark = rest.indexOf('?');
        if (questionMark >= 0) {
            query = rest.substring(questionMark + 1);
            rest = rest.substring(0, questionMark);
        }
        String path = "";
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            path = rest.substring(slash + 1);
            rest = rest.substring(0, slash);
        }

        String host;
        String portText = null;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("the URI's IPv6 host has no closing bracket");
            }
            host = rest.substring(0, close + 1);
            String after = rest.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw new IllegalArgumentException("the URI's IPv6 host is followed by something other than a port");
                }
                portText = after.substring(1);
            }
        } else {
            int colon = rest.lastIndexOf(':');
            host = colon >= 0 ? rest.substring(0, colon) : rest;
            portText = colon >= 0 ? rest.substring(colon + 1) : null;
        }
        if (host.isEmpty() || host.equals("[]")) {
            throw new IllegalArgumentException("the URI names no host");
        }
        if (!host.startsWith("[") && !host.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("the URI's host is not a host name or an IP address");
        }
        int port = portText == null ? DEFAULT_PORT : number(portText, "port", 1, 65535);
        int database = path.isEmpty() ? 0 : number(path, "database", 0, Integer.MAX_VALUE);

        if (query != null && !query.isEmpty()) {
            for (String option : query.split("&", -1)) {
                int eq = option.indexOf('=');
                String name = (eq < 0 ? option : option.substring(0, eq)).toLowerCase(Locale.ROOT);
                String value = eq < 0 ? "" : option.substring(eq + 1);
                switch (name) {
                    case "verifypeer" -> {
                        String mode = value.toUpperCase(Locale.ROOT);
                        if (!mode.equals("FULL") && !mode.equals("TRUE")) {
                            throw new IllegalArgumentException("TLS to Redis always verifies the certificate and the host "
                                    + "name, but the URI asks for less (verifyPeer); give the server's certificate "
                                    + "authority as a trust store instead");
                        }
                    }
                    case "database", "db" -> {
                        int fromQuery = number(value, "database", 0, Integer.MAX_VALUE);
                        if (!path.isEmpty() && fromQuery != database) {
                            throw new IllegalArgumentException("the URI names two different databases");
                        }
                        database = fromQuery;
                    }
                    case "timeout" -> {
                        // Other clients' URIs carry it; the store's command timeout is the one that applies.
                    }
                    default -> throw new IllegalArgumentException("the URI option '" + printable(name)
                            + "' is not understood; options are verifyPeer, database and timeout");
                }
            }
        }
        return new RedisUri(tls, host, port, database, username, password);
    }

    /** The address Redisson connects to, without credentials: {@code redis[s]://host:port}. */
    public String address() {
        return (tls ? "rediss://" : "redis://") + host + ":" + port;
    }

    /** The host without IPv6 brackets. */
    public String bareHost() {
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    @Override
    public String toString() {
        return "RedisUri[" + address() + "/" + database + (username == null ? "" : ", user " + username)
                + (password == null ? "" : ", password ***") + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RedisUri that && tls == that.tls && port == that.port && database == that.database
                && host.equals(that.host) && java.util.Objects.equals(username, that.username)
                && java.util.Arrays.equals(password, that.password);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(tls, host, port, database, username) * 31 + java.util.Arrays.hashCode(password);
    }

    private static int number(String text, String what, int min, int max) {
        if (text.isEmpty() || text.length() > 10 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("the URI's " + what + " is not a number");
        }
        long value = Long.parseLong(text);
        if (value < min || value > max) {
            throw new IllegalArgumentException("the URI's " + what + " is out of range (" + min + " to " + max + ")");
        }
        return (int) value;
    }

    private static String percentDecode(String text, String what) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length()) {
                    throw new IllegalArgumentException("the URI's " + what + " has an incomplete %-escape");
                }
                int high = Character.digit(text.charAt(i + 1), 16);
                int low = Character.digit(text.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    throw new IllegalArgumentException("the URI's " + what + " has an invalid %-escape");
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            CharBuffer decoded = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()));
            return decoded.toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the URI's " + what + " is not UTF-8 once %-escapes are decoded");
        }
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(text.length(), 40); i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.toString();
    }
}

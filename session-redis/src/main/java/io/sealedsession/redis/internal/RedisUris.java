package io.sealedsession.redis.internal;

import io.sealedsession.redis.RedisAddress;
import io.sealedsession.redis.RedisCredentials;
import io.sealedsession.redis.RedisTopology;
import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Parses the Redis URIs that {@link RedisTopology} documents into the topology and the
 * credentials. Error messages show the URI only through {@link Redaction#uri}, and no exception has
 * a cause, so neither a password nor a query ever reaches a log through them.
 */
public final class RedisUris {

    private static final int DEFAULT_PORT = 6379;
    private static final int DEFAULT_SENTINEL_PORT = 26379;
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9._-]*[A-Za-z0-9_])?");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%[A-Za-z0-9._-]+)?");
    private static final Pattern DIGITS = Pattern.compile("\\d{1,9}");

    /**
     * A parsed URI.
     *
     * @param topology what the URI points at
     * @param credentials its user-info part, decoded, or null when it has none
     * @param clientName the {@code clientName} option of a single server's URI, or null
     */
    public record Parsed(RedisTopology topology, @Nullable RedisCredentials credentials, @Nullable String clientName) {}

    /** The options a single server's URI may carry; every other one is refused. */
    public static final List<String> OPTIONS = List.of("verifyPeer", "database", "db", "clientName", "timeout");

    private RedisUris() {}

    /** Parses {@code uri}; see {@link RedisTopology}. */
    public static Parsed parse(String uri) {
        int schemeEnd = uri.indexOf("://");
        String scheme = schemeEnd < 0 ? "" : uri.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        boolean tls = scheme.startsWith("rediss");
        String kind = switch (scheme) {
            case "redis", "rediss" -> "standalone";
            case "redis-cluster", "rediss-cluster" -> "cluster";
            case "redis-sentinel", "rediss-sentinel" -> "sentinel";
            default -> throw new IllegalArgumentException("a Redis URI starts with redis://, rediss://, redis-cluster://, "
                    + "rediss-cluster://, redis-sentinel:// or rediss-sentinel://, but was " + Redaction.uri(uri));
        };
        String rest = uri.substring(schemeEnd + 3);
        // The last '@' ends the user-info part: a password may contain '@', '#', '?' or '/', and no
        // host list does.
        int at = rest.lastIndexOf('@');
        RedisCredentials credentials = at < 0 ? null : credentials(rest.substring(0, at), uri);
        String location = rest.substring(at + 1);
        try {
            String[] clientName = new String[1];
            RedisTopology topology = switch (kind) {
                case "standalone" -> standalone(location, tls, clientName);
                case "cluster" -> cluster(location, tls);
                default -> sentinel(location, tls);
            };
            return new Parsed(topology, credentials, clientName[0]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a usable Redis URI: " + Redaction.uri(uri) + " (" + e.getMessage() + ")");
        }
    }

    private static RedisTopology standalone(String location, boolean tls, String[] clientName) {
        if (location.indexOf('#') >= 0) {
            throw new IllegalArgumentException("a Redis URI has no fragment (#...)");
        }
        int query = location.indexOf('?');
        String hostAndPath = query < 0 ? location : location.substring(0, query);
        int slash = hostAndPath.indexOf('/');
        String hostPort = slash < 0 ? hostAndPath : hostAndPath.substring(0, slash);
        int database = slash < 0 ? 0 : database(hostAndPath.substring(slash + 1));
        if (hostPort.contains(",")) {
            throw new IllegalArgumentException("several hosts need redis-cluster:// or redis-sentinel://");
        }
        if (query >= 0) {
            database = options(location.substring(query + 1), tls, slash < 0 ? -1 : database, clientName);
        }
        return new RedisTopology.Standalone(address(hostPort, DEFAULT_PORT), database, tls);
    }

    /*
     * The one rule for every client: the options below are read, any other is refused, so that a
     * URI means the same whichever client opens it. Returns the database.
     */
    private static int options(String query, boolean tls, int pathDatabase, String[] clientName) {
        int database = Math.max(0, pathDatabase);
        int named = pathDatabase;
        for (String option : query.split("&", -1)) {
            if (option.isEmpty()) {
                continue;
            }
            int eq = option.indexOf('=');
            String name = eq < 0 ? option : option.substring(0, eq);
            String value = eq < 0 ? "" : option.substring(eq + 1);
            switch (name.toLowerCase(Locale.ROOT)) {
                case "verifypeer" -> {
                    String mode = value.toUpperCase(Locale.ROOT);
                    if (tls && !mode.equals("FULL") && !mode.equals("TRUE")) {
                        throw new IllegalArgumentException("TLS to Redis always verifies the certificate and the host name, "
                                + "but the URI asks for less (verifyPeer); give the server's certificate authority as a "
                                + "trust store instead");
                    }
                }
                case "database", "db" -> {
                    int fromQuery = database(value);
                    if (named >= 0 && named != fromQuery) {
                        throw new IllegalArgumentException("the URI names two different databases");
                    }
                    database = fromQuery;
                    named = fromQuery;
                }
                case "clientname" -> {
                    String decoded = decodeOption(value);
                    if (decoded.isEmpty() || decoded.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
                        throw new IllegalArgumentException("a clientName has no spaces or control characters");
                    }
                    clientName[0] = decoded;
                }
                case "timeout" -> { } // the configuration's command timeout applies
                default -> throw new IllegalArgumentException("the URI option '" + printable(name)
                        + "' is not understood; the options are " + String.join(", ", OPTIONS)
                        + ", and every other setting goes in the configuration");
            }
        }
        return database;
    }

    private static String decodeOption(String value) {
        try {
            return decode(value, "");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("an invalid percent escape in the clientName option");
        }
    }

    private static String printable(String text) {
        String shown = text.length() > 32 ? text.substring(0, 32) + "…" : text;
        return shown.replaceAll("[^A-Za-z0-9._-]", "?");
    }

    private static RedisTopology cluster(String location, boolean tls) {
        if (indexOfAny(location, "?#") >= 0) {
            throw new IllegalArgumentException("a Cluster URI takes no query or fragment; settings go in the configuration");
        }
        String hosts = location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
        if (hosts.contains("/")) {
            throw new IllegalArgumentException("a Redis Cluster has only database 0, so its URI has no path");
        }
        return new RedisTopology.Cluster(addresses(hosts, DEFAULT_PORT), tls);
    }

    private static RedisTopology sentinel(String location, boolean tls) {
        if (location.indexOf('?') >= 0) {
            throw new IllegalArgumentException("a Sentinel URI takes no query; settings go in the configuration");
        }
        int hash = location.indexOf('#');
        if (hash < 0 || hash == location.length() - 1) {
            throw new IllegalArgumentException("a Sentinel URI names the master after '#', such as #mymaster");
        }
        String master = location.substring(hash + 1);
        if (master.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new IllegalArgumentException("a master name has no spaces or control characters");
        }
        String hostAndPath = location.substring(0, hash);
        int slash = hostAndPath.indexOf('/');
        String hosts = slash < 0 ? hostAndPath : hostAndPath.substring(0, slash);
        int database = slash < 0 ? 0 : database(hostAndPath.substring(slash + 1));
        return new RedisTopology.Sentinel(addresses(hosts, DEFAULT_SENTINEL_PORT), master, database, tls);
    }

    private static List<RedisAddress> addresses(String hosts, int defaultPort) {
        List<RedisAddress> addresses = new ArrayList<>();
        for (String hostPort : hosts.split(",", -1)) {
            RedisAddress address = address(hostPort.trim(), defaultPort);
            if (addresses.contains(address)) {
                throw new IllegalArgumentException(address + " is named twice");
            }
            addresses.add(address);
        }
        return addresses;
    }

    private static RedisAddress address(String hostPort, int defaultPort) {
        if (hostPort.isEmpty()) {
            throw new IllegalArgumentException("a host is missing");
        }
        String host;
        String port;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("an IPv6 address lacks its closing ']'");
            }
            host = hostPort.substring(1, close);
            String after = hostPort.substring(close + 1);
            if (!after.isEmpty() && !after.startsWith(":")) {
                throw new IllegalArgumentException("a ':' and a port follow an IPv6 address in brackets");
            }
            port = after.isEmpty() ? null : after.substring(1);
            if (!IPV6.matcher(host).matches()) {
                throw new IllegalArgumentException("not an IPv6 address in brackets");
            }
        } else {
            int colon = hostPort.indexOf(':');
            host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            port = colon < 0 ? null : hostPort.substring(colon + 1);
            if (!HOST_NAME.matcher(host).matches()) {
                throw new IllegalArgumentException("a host is a name or an IP address (IPv6 in brackets)");
            }
        }
        if (port == null) {
            return new RedisAddress(host, defaultPort);
        }
        if (!DIGITS.matcher(port).matches()) {
            throw new IllegalArgumentException("a port is a number");
        }
        return new RedisAddress(host, Integer.parseInt(port));
    }

    private static int database(String path) {
        if (path.isEmpty()) {
            return 0;
        }
        if (!DIGITS.matcher(path).matches()) {
            throw new IllegalArgumentException("the path is a database number");
        }
        return Integer.parseInt(path);
    }

    private static @Nullable RedisCredentials credentials(String userInfo, String uri) {
        int colon = userInfo.indexOf(':');
        String user = colon < 0 ? "" : decode(userInfo.substring(0, colon), uri);
        String password = decode(colon < 0 ? userInfo : userInfo.substring(colon + 1), uri);
        if (password.isEmpty()) {
            if (!user.isEmpty()) {
                throw new IllegalArgumentException("a user without a password in " + Redaction.uri(uri)
                        + "; Redis authenticates a user with its password");
            }
            return null;
        }
        return new RedisCredentials(user.isEmpty() ? null : user, password.toCharArray());
    }

    /** Percent-decoding as in a URI's user-info part; unlike form decoding, '+' stays '+'. */
    private static String decode(String text, String uri) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '%') {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            int high = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
            int low = i + 2 < text.length() ? Character.digit(text.charAt(i + 2), 16) : -1;
            if (high < 0 || low < 0) {
                throw new IllegalArgumentException("an invalid percent escape in the user-info part of " + Redaction.uri(uri));
            }
            bytes.write(high * 16 + low);
            i += 2;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the user-info part of " + Redaction.uri(uri) + " is not UTF-8 once decoded");
        }
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

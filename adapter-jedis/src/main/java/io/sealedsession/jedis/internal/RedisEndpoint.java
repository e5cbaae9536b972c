package io.sealedsession.jedis.internal;

import io.sealedsession.redis.RedisStoreConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Where and how to log in, read from a {@link RedisStoreConfig}: its {@code redis://} or
 * {@code rediss://} URI, with the config's credentials taking precedence over the URI's.
 *
 * <p>The URI is read the way the Lettuce adapter reads it, so that one configuration works with
 * either client: {@code [user]:password@} user info (percent-encoded; without a colon the whole
 * user info is the password; an empty password means no login), {@code /database} path, and the
 * query parameters {@code database} or {@code db}, {@code clientName} and {@code verifyPeer}
 * ({@code FULL} only). {@code timeout} is ignored: the config's command timeout applies. Other
 * parameters are ignored, as Lettuce ignores them.
 *
 * <p>No message this class produces quotes the URI: only {@link RedisStoreConfig#redactedUri()}.
 * {@link #toString()} shows neither user nor password. The password array is this object's; it is
 * handed out as a copy.
 */
public final class RedisEndpoint {

    private static final int DEFAULT_PORT = 6379;

    private final boolean tls;
    private final String host;
    private final int port;
    private final int database;
    private final @Nullable String user;
    private final char @Nullable [] password;
    private final @Nullable String clientName;

    private RedisEndpoint(boolean tls, String host, int port, int database, @Nullable String user,
            char @Nullable [] password, @Nullable String clientName) {
        this.tls = tls;
        this.host = host;
        this.port = port;
        this.database = database;
        this.user = user;
        this.password = password;
        this.clientName = clientName;
    }

    /**
     * Reads the config's URI and credentials.
     *
     * @throws IllegalArgumentException when the URI cannot be read, or asks for TLS without full
     *     verification; the message shows the URI only in its redacted form and has no cause,
     *     since parsers quote their input
     */
    public static RedisEndpoint of(RedisStoreConfig config) {
        String text = config.uriWithCredentials();
        String redacted = config.redactedUri();
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw unusable(redacted, "it is not a well-formed URI; percent-encode characters such as @ : / ? # in the password");
        }
        String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
        if (!scheme.equals("redis") && !scheme.equals("rediss")) {
            throw unusable(redacted, "the scheme is neither redis nor rediss");
        }
        boolean tls = scheme.equals("rediss");
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            if (uri.getRawAuthority() == null || uri.getRawAuthority().isEmpty()) {
                throw new IllegalArgumentException("a Redis URI names a host, but " + redacted + " does not");
            }
            throw unusable(redacted, "its host or port cannot be read; percent-encode characters such as @ : / ? # in the password");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();

        String user = null;
        char[] password = null;
        String userInfo = uri.getUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            String secret = colon < 0 ? userInfo : userInfo.substring(colon + 1);
            if (!secret.isEmpty()) {
                user = colon > 0 ? userInfo.substring(0, colon) : null;
                password = secret.toCharArray();
            }
        }
        if (config.password().isPresent()) {
            user = config.username().orElse(null);
            password = config.password().get();
        }

        int database = databaseFromPath(uri.getRawPath(), redacted);
        String clientName = null;
        String query = uri.getRawQuery();
        if (query != null) {
            for (String parameter : query.split("[&;]")) {
                int equals = parameter.indexOf('=');
                if (equals < 0) {
                    continue;
                }
                String name = parameter.substring(0, equals).toLowerCase(Locale.ROOT);
                String value = decode(parameter.substring(equals + 1), redacted);
                switch (name) {
                    case "database", "db" -> database = databaseNumber(value, redacted);
                    case "clientname" -> clientName = value.isEmpty() ? null : value;
                    case "verifypeer" -> {
                        if (tls && !value.equalsIgnoreCase("FULL")) {
                            throw new IllegalArgumentException("TLS to Redis always verifies the certificate and the host name, "
                                    + "but " + redacted + " asks for less (verifyPeer other than FULL); give the server's "
                                    + "certificate authority as a trust store instead");
                        }
                    }
                    default -> {
                        // timeout: the config's command timeout applies. Anything else: ignored, as by Lettuce.
                    }
                }
            }
        }
        return new RedisEndpoint(tls, host, port, database, user, password, clientName);
    }

    private static String decode(String raw, String redacted) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // The decoder's message quotes the value.
            throw unusable(redacted, "a query parameter has a broken percent-encoding");
        }
    }

    private static int databaseFromPath(@Nullable String path, String redacted) {
        if (path == null || path.isEmpty() || path.equals("/")) {
            return 0;
        }
        return databaseNumber(path.substring(1), redacted);
    }

    private static int databaseNumber(String text, String redacted) {
        if (!text.matches("\\d{1,9}")) {
            throw unusable(redacted, "its database is not a number from 0 up");
        }
        return Integer.parseInt(text);
    }

    private static IllegalArgumentException unusable(String redacted, String why) {
        return new IllegalArgumentException("not a usable Redis URI: " + redacted + " (" + why + ")");
    }

    public boolean tls() {
        return tls;
    }

    /** The host as written in the URI, without the brackets of an IPv6 literal. */
    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public int database() {
        return database;
    }

    /** The ACL user; null for the {@code default} user or when there is no password. */
    public @Nullable String user() {
        return user;
    }

    /** A copy of the password, or null when the connection does not log in. */
    public char @Nullable [] password() {
        return password == null ? null : password.clone();
    }

    public @Nullable String clientName() {
        return clientName;
    }

    /** {@code redis[s]://host:port/database}, for messages. */
    public String describe() {
        String shown = host.contains(":") ? "[" + host + "]" : host;
        return (tls ? "rediss://" : "redis://") + shown + ":" + port + "/" + database;
    }

    @Override
    public String toString() {
        return "RedisEndpoint[" + describe() + (password == null ? "" : ", with login") + "]";
    }
}

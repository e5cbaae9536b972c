package io.sealedsession.redis;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One Redis endpoint, a host and a port: a standalone server, a Cluster seed node, a Sentinel, or
 * a node that a Cluster or a Sentinel announced.
 *
 * <p>An IPv6 literal is held without brackets ({@code ::1}); {@link #toString()} adds them back.
 * Immutable and thread-safe.
 *
 * @param host a host name or an IP literal, not blank
 * @param port 1 to 65535
 */
public record RedisAddress(String host, int port) {

    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    /**
     * Validates the components; an IPv6 literal loses its brackets.
     *
     * @throws IllegalArgumentException when the host is blank or the port is not 1 to 65535
     */
    public RedisAddress {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("a Redis host is not blank");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("a Redis port is between 1 and 65535, but was " + port);
        }
    }

    /**
     * True for {@code localhost} and for IP literals in a loopback range: the only hosts that
     * plaintext {@code redis://} may reach without
     * {@link RedisStoreConfig.Builder#allowPlaintextToRemoteHost(boolean)}. Other names count as
     * remote without a DNS lookup: what a name resolves to can change, and DNS can be spoofed.
     */
    public boolean isLoopback() {
        return isLoopback(host);
    }

    /** {@link #isLoopback()} for a bare host name or literal, with or without IPv6 brackets. */
    public static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.equals("localhost")) {
            return true;
        }
        if (!IPV4_LITERAL.matcher(h).matches() && !h.contains(":")) {
            return false;
        }
        try {
            // An IP literal: getByName parses it without asking DNS.
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException notALiteral) {
            return false;
        }
    }

    /** {@code host:port}, or {@code [v6]:port} for an IPv6 literal. */
    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}

package io.sealedsession.jedis.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What counts as a loopback host for the plaintext rule. The Lettuce adapter applies the same rule;
 * adapters do not depend on one another, so each carries it.
 */
public final class Hosts {

    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private Hosts() {}

    /**
     * True for {@code localhost} and for IP literals in a loopback range. Other names count as
     * remote without a DNS lookup: what a name resolves to can change, and DNS can be spoofed.
     */
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
}

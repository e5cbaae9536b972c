package io.sealedsession.redisson.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/** What counts as a loopback host for the rule that plaintext goes only to the local machine. */
public final class Hosts {

    private static final Pattern DOTTED_QUAD = Pattern.compile("\\d{1,3}(?:\\.\\d{1,3}){3}");

    private Hosts() {}

    /**
     * True for {@code localhost} and for IP literals in a loopback range ({@code 127.0.0.0/8},
     * {@code ::1}). Any other name is remote, without asking DNS: a name's address can change
     * after this check, and DNS answers can be forged.
     */
    public static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.length() > 1 && h.charAt(0) == '[' && h.charAt(h.length() - 1) == ']') {
            h = h.substring(1, h.length() - 1);
        }
        if ("localhost".equals(h)) {
            return true;
        }
        boolean ipLiteral = DOTTED_QUAD.matcher(h).matches() || h.indexOf(':') >= 0;
        if (!ipLiteral) {
            return false;
        }
        try {
            // For a literal, getByName only parses: no lookup happens.
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException notALiteral) {
            return false;
        }
    }
}

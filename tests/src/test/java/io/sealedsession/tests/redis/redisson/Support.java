package io.sealedsession.tests.redis.redisson;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.sealedsession.core.SessionKey;
import io.sealedsession.core.port.PrincipalKey;
import io.sealedsession.tests.redis.RespConnection;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.LoggerFactory;

/** Keys, records and Redis inspection for the Redisson adapter's own tests. */
final class Support {

    private static final SecureRandom RANDOM = new SecureRandom();

    static {
        // The tests take Redis away and hand Redisson bad certificates on purpose; Redisson and
        // Netty report each of those, which would bury the build output.
        ((Logger) LoggerFactory.getLogger("org.redisson")).setLevel(Level.ERROR);
        // It logs every exception a channel sees, such as each refused TLS handshake, at ERROR.
        ((Logger) LoggerFactory.getLogger("org.redisson.client.handler.ErrorsLoggingHandler")).setLevel(Level.OFF);
        ((Logger) LoggerFactory.getLogger("io.netty")).setLevel(Level.ERROR);
    }

    private Support() {}

    /** Makes sure the logging levels above are in force. */
    static void quietLogs() {
        // The static initialiser does the work.
    }

    static SessionKey sessionKey() {
        return new SessionKey(base64url(32));
    }

    static PrincipalKey principalKey() {
        return new PrincipalKey(base64url(32));
    }

    /** Stand-in for a sealed record: random bytes, every byte value possible. */
    static byte[] sealed(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    static String base64url(int bytes) {
        byte[] raw = new byte[bytes];
        RANDOM.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    static String recordKey(String namespace, SessionKey key) {
        return namespace + ":s:{" + key.value() + "}";
    }

    /** Messages, toString() and stack traces of the whole cause chain. */
    static String everything(Throwable thrown) {
        StringWriter out = new StringWriter();
        thrown.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    /**
     * One statistic per command from {@code INFO commandstats}, such as {@code calls} or
     * {@code rejected_calls} (commands refused before they ran, such as by the ACL).
     */
    static Map<String, Long> commandStat(RespConnection redis, String stat) {
        Map<String, Long> values = new TreeMap<>();
        String info = new String((byte[]) redis.call("INFO", "commandstats"), StandardCharsets.UTF_8);
        for (String line : info.split("\r?\n")) {
            if (!line.startsWith("cmdstat_")) {
                continue;
            }
            String name = line.substring("cmdstat_".length(), line.indexOf(':'));
            for (String field : line.substring(line.indexOf(':') + 1).split(",")) {
                if (field.startsWith(stat + "=")) {
                    values.put(name, Long.parseLong(field.substring(stat.length() + 1)));
                }
            }
        }
        return values;
    }

    /**
     * The commands the server ran while {@code action} ran, with their counts; the {@code INFO}
     * taken for the snapshots is left out. Commands a Lua script runs count as well.
     */
    static Map<String, Long> commandsDuring(RespConnection redis, Runnable action) {
        return statDuring(redis, "calls", action);
    }

    static Map<String, Long> statDuring(RespConnection redis, String stat, Runnable action) {
        Map<String, Long> before = commandStat(redis, stat);
        action.run();
        Map<String, Long> after = commandStat(redis, stat);
        Map<String, Long> delta = new HashMap<>();
        after.forEach((name, count) -> {
            long diff = count - before.getOrDefault(name, 0L);
            if (diff != 0 && !name.equals("info")) {
                delta.put(name, diff);
            }
        });
        return new TreeMap<>(delta);
    }
}

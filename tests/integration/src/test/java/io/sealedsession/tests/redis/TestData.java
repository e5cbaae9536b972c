package io.sealedsession.tests.redis;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.sealedsession.core.SessionKey;
import io.sealedsession.core.port.PrincipalKey;
import io.sealedsession.redis.RedisSessionStore;
import io.sealedsession.redis.ScriptingMode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.LoggerFactory;

/** Keys, records and log levels for the Redis store tests of every client adapter. */
public final class TestData {

    private static final SecureRandom RANDOM = new SecureRandom();

    static {
        // Without a logback configuration every library logs at DEBUG; the tests need the store's
        // own warnings, not Netty's and Lettuce's chatter.
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.INFO);
        ((Logger) LoggerFactory.getLogger("reactor")).setLevel(Level.WARN);
        ((Logger) LoggerFactory.getLogger("io.lettuce")).setLevel(Level.WARN);
        // Outage tests take Redis away on purpose; each reconnect attempt would log a warning.
        ((Logger) LoggerFactory.getLogger("io.lettuce.core.protocol.ConnectionWatchdog")).setLevel(Level.ERROR);
        // The tests take Redis away and hand the clients bad certificates on purpose; Redisson and
        // Netty report each of those, which would bury the build output.
        ((Logger) LoggerFactory.getLogger("io.netty")).setLevel(Level.ERROR);
        ((Logger) LoggerFactory.getLogger("org.redisson")).setLevel(Level.ERROR);
        // Redisson logs every exception a channel sees, such as each refused TLS handshake, at ERROR.
        ((Logger) LoggerFactory.getLogger("org.redisson.client.handler.ErrorsLoggingHandler")).setLevel(Level.OFF);
    }

    private TestData() {}

    /** Makes sure the logging levels above are in force. */
    public static void quietLogs() {
        // The static initialiser does the work.
    }

    public static SessionKey sessionKey() {
        return new SessionKey(base64url(32));
    }

    public static PrincipalKey principalKey() {
        return new PrincipalKey(base64url(32));
    }

    /** Stand-in for a sealed record: random bytes, every byte value possible. */
    public static byte[] sealed(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    public static String base64url(int bytes) {
        byte[] raw = new byte[bytes];
        RANDOM.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    /**
     * A server whose user {@code app} has exactly what the store needs in scripting mode, on {@code ~ss:*},
     * with the given password: the least-privilege deployment the README documents.
     */
    public static RedisServer leastPrivilegeServer(String password) {
        return RedisServer.builder().config("user app on >" + password + " resetkeys ~ss:* resetchannels -@all "
                + RedisSessionStore.requiredCommands(ScriptingMode.SCRIPTS).stream().map(c -> "+" + c)
                        .collect(java.util.stream.Collectors.joining(" "))).start();
    }

    public static String recordKey(String namespace, SessionKey key) {
        return namespace + ":s:{" + key.value() + "}";
    }

    public static String indexKey(String namespace, PrincipalKey key) {
        return namespace + ":p:{" + key.value() + "}";
    }

    /** Messages, toString() and stack traces of the whole cause chain, for checking what a failure shows. */
    public static String everything(Throwable thrown) {
        StringWriter out = new StringWriter();
        thrown.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}

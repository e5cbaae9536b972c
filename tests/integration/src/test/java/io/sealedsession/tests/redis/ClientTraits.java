package io.sealedsession.tests.redis;

import ch.qos.logback.classic.Level;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where the Redis clients behave differently in ways the tests check, in one place: the
 * parameterized suites run on every client that {@link RedisMatrix#clients()} finds and read each
 * client's differences from here. A client added to the tests adds its entry; a client without
 * one fails the suites that need it, with a message that says so.
 *
 * @param executorName the simple name of the adapter's command executor, which the store's
 *     {@code toString()} shows
 * @param loggerNames the loggers of the client library and its adapter, which the credentials
 *     test sets to {@code logLevel} and captures; at least one of them logs while a store connects
 * @param logLevel how much of the client's logging the credentials test captures and checks
 * @param connectLogMessages parts of messages the client logs at {@code logLevel} while a store
 *     connects and logs in: proof that the capture sees the lines that could show a password
 * @param loginRefusedMessage what the unavailable error says when Redis refuses the login
 * @param clientException the client library's exception type, which an unavailable error keeps as
 *     its cause
 * @param sharesOneConnection whether commands of all threads share one connection (otherwise the
 *     client pools one connection per command in flight)
 * @param lateCommandStillRuns whether a command whose reply came too late still runs: yes on a
 *     connection the client keeps open, no when the client closes the connection on a timeout
 * @param waitsWithEveryWrite whether the client sends its WAIT together with every write, before
 *     knowing whether the write changed anything, rather than only when the store asks for it
 */
public record ClientTraits(
        String executorName,
        List<String> loggerNames,
        Level logLevel,
        List<String> connectLogMessages,
        String loginRefusedMessage,
        Class<? extends Throwable> clientException,
        boolean sharesOneConnection,
        boolean lateCommandStillRuns,
        boolean waitsWithEveryWrite) {

    private static final Map<String, ClientTraits> KNOWN = Map.of(
            "lettuce", new ClientTraits(
                    "LettuceCommandExecutor",
                    // Lettuce's DEBUG logging shows connection URIs (with the password masked).
                    List.of("io.lettuce"), Level.DEBUG, List.of(),
                    // Lettuce reports a refused AUTH as a connection failure, with the server's error as its cause.
                    "cannot be reached (connect)",
                    io.lettuce.core.RedisException.class,
                    true, // one connection for the commands of every thread
                    true, // ... kept open after a timeout
                    false),
            "jedis", new ClientTraits(
                    "JedisCommandExecutor",
                    // Jedis itself logs nothing at DEBUG on this adapter's path (its pool factory and
                    // Sentinel code, which do, are not used), so the adapter's own DEBUG line proves the capture.
                    List.of("redis.clients", "io.sealedsession.jedis"), Level.DEBUG, List.of(),
                    "Redis refused the connection set-up: WRONGPASS",
                    redis.clients.jedis.exceptions.JedisException.class,
                    false, // one pooled connection per command in flight
                    false, // a pooled connection that timed out is closed
                    false),
            "redisson", new ClientTraits(
                    "RedissonCommandExecutor",
                    // Redisson logging everything it can: TRACE, which includes every command it encodes, AUTH among them.
                    List.of("org.redisson"), Level.TRACE,
                    List.of("connections initialized", "AUTH(password masked)"),
                    "refused to set up the connection (WRONGPASS)",
                    org.redisson.client.RedisException.class,
                    false, // one pooled connection per command in flight
                    true, // the pooled connection is kept open after a timeout
                    true)); // WAIT with every write, to keep both on one pooled connection

    /** Checks the references. */
    public ClientTraits {
        Objects.requireNonNull(executorName, "executorName");
        loggerNames = List.copyOf(loggerNames);
        Objects.requireNonNull(logLevel, "logLevel");
        connectLogMessages = List.copyOf(connectLogMessages);
        Objects.requireNonNull(loginRefusedMessage, "loginRefusedMessage");
        Objects.requireNonNull(clientException, "clientException");
    }

    /**
     * The traits of the named client.
     *
     * @throws IllegalStateException for a client with no entry here
     */
    public static ClientTraits of(String client) {
        ClientTraits traits = KNOWN.get(client);
        if (traits == null) {
            throw new IllegalStateException("the Redis client '" + client + "' is on the test class path but has no "
                    + "entry in ClientTraits: say there how it differs (its executor, loggers, exceptions, connections)");
        }
        return traits;
    }
}

package io.sealedsession.lettuce;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.ExpireArgs;
import io.lettuce.core.GetExArgs;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.ProtocolKeyword;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.sealedsession.core.SessionStoreUnavailableException;
import io.sealedsession.lettuce.internal.Hosts;
import io.sealedsession.lettuce.internal.ReplyOutput;
import io.sealedsession.redis.ExpiryCondition;
import io.sealedsession.redis.RedisCommandExecutor;
import io.sealedsession.redis.RedisCommandRejectedException;
import io.sealedsession.redis.RedisReply;
import io.sealedsession.redis.RedisScriptNotLoadedException;
import io.sealedsession.redis.RedisStoreConfig;
import io.sealedsession.redis.ScoredMember;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RedisCommandExecutor} on one Lettuce connection with the byte-array codec.
 *
 * <p><b>Thread safety.</b> A Lettuce connection is thread-safe and multiplexes the commands of all
 * threads over one socket; this executor shares one connection among all callers and uses no
 * connection state (no {@code MULTI}, no blocking commands, no {@code SELECT} after connecting).
 *
 * <p><b>Failures.</b> Every command waits at most the command timeout (default 2 s, from
 * {@link RedisStoreConfig#commandTimeout()}; for an application's own connection, that
 * connection's timeout). A timeout, a refused or lost connection becomes a
 * {@link SessionStoreUnavailableException} with Lettuce's exception as the cause; an error reply
 * becomes a {@link RedisCommandRejectedException}; {@code NOSCRIPT} becomes
 * {@link RedisScriptNotLoadedException}. Lettuce reconnects by itself when Redis comes back
 * (attempts are spaced at most 1 s apart on connections opened here), so the same executor works
 * again without being rebuilt. Messages name the host, never the password.
 *
 * <p><b>Ownership.</b> What {@link #connect(RedisStoreConfig)} opens (client, threads, connection)
 * and the connection {@link #connect(RedisClient, RedisURI)} opens are closed by {@link #close()}.
 * A connection passed to {@link #using} belongs to the application, which closes it.
 */
public final class LettuceCommandExecutor implements RedisCommandExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(LettuceCommandExecutor.class);

    /*
     * Lettuce's default spaces reconnect attempts up to 30 s apart, so after a long outage a
     * recovered Redis could go unused for half a minute while every request fails. Capping the
     * delay at 1 s keeps recovery prompt; each attempt is one TCP connect, which is cheap.
     */
    private static final Delay RECONNECT_DELAY =
            Delay.exponential(Duration.ofMillis(5), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS);

    private final StatefulRedisConnection<byte[], byte[]> connection;
    private final RedisCommands<byte[], byte[]> redis;
    private final String where;
    private final Runnable release;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LettuceCommandExecutor(StatefulRedisConnection<byte[], byte[]> connection, String where, Runnable release) {
        this.connection = connection;
        this.redis = connection.sync();
        this.where = where;
        this.release = release;
    }

    /**
     * Connects as {@code config} says, with a Lettuce client of its own.
     *
     * <ul>
     *   <li>{@code rediss://} verifies the server's certificate chain and host name (Lettuce's
     *       {@link SslVerifyMode#FULL}); a URI that asks for less is refused. A trust store and a
     *       client certificate (mutual TLS) come from the config.</li>
     *   <li>{@code redis://} to a host other than {@code localhost} or a loopback address is
     *       refused unless the config allows it; then a warning is logged.</li>
     *   <li>Credentials in the config take precedence over those in the URI.</li>
     *   <li>The config's command timeout replaces any {@code timeout} in the URI.</li>
     * </ul>
     *
     * @throws IllegalArgumentException when the URI or the TLS material cannot be used
     * @throws SessionStoreUnavailableException when Redis cannot be reached or refuses the login
     */
    public static LettuceCommandExecutor connect(RedisStoreConfig config) {
        Objects.requireNonNull(config, "config");
        RedisURI uri = toRedisUri(config);
        String where = "Redis at " + config.redactedUri();
        ClientResources resources = ClientResources.builder().reconnectDelay(RECONNECT_DELAY).build();
        RedisClient client = RedisClient.create(resources);
        Runnable shutdown = () -> {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        };
        try {
            client.setOptions(clientOptions(config, uri));
            StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE, uri);
            return new LettuceCommandExecutor(connection, where, () -> {
                connection.close();
                shutdown.run();
            });
        } catch (RedisException e) {
            shutdown.run();
            throw unavailable(where, "connect", e);
        } catch (RuntimeException e) {
            shutdown.run();
            throw e;
        }
    }

    /**
     * Opens a byte-array connection on the application's client. The connection is this
     * executor's and {@link #close()} closes it; the client stays the application's. Its options
     * (timeouts, TLS, reconnection) are the client's.
     *
     * @throws SessionStoreUnavailableException when Redis cannot be reached
     */
    public static LettuceCommandExecutor connect(RedisClient client, RedisURI uri) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(uri, "uri");
        String where = "Redis at " + describe(uri);
        try {
            StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE, uri);
            return new LettuceCommandExecutor(connection, where, connection::close);
        } catch (RedisException e) {
            throw unavailable(where, "connect", e);
        }
    }

    /**
     * Uses the application's byte-array connection, which stays the application's: {@link #close()}
     * leaves it open. Commands wait as long as the connection's own timeout, which must be finite
     * (Lettuce's default is 60 s; 2 s suits a web request better).
     */
    public static LettuceCommandExecutor using(StatefulRedisConnection<byte[], byte[]> connection) {
        Objects.requireNonNull(connection, "connection");
        return new LettuceCommandExecutor(connection, "Redis (the application's Lettuce connection)", () -> {});
    }

    @Override
    public byte @Nullable [] get(byte[] key) {
        return call("GET", () -> redis.get(key));
    }

    @Override
    public byte @Nullable [] getex(byte[] key, long ttlMillis) {
        return call("GETEX", () -> redis.getex(key, GetExArgs.Builder.px(ttlMillis)));
    }

    @Override
    public boolean setIfAbsent(byte[] key, byte[] value, long ttlMillis) {
        return "OK".equals(call("SET", () -> redis.set(key, value, SetArgs.Builder.nx().px(ttlMillis))));
    }

    @Override
    public boolean setIfPresent(byte[] key, byte[] value, long ttlMillis) {
        return "OK".equals(call("SET", () -> redis.set(key, value, SetArgs.Builder.xx().px(ttlMillis))));
    }

    @Override
    public boolean pexpire(byte[] key, long ttlMillis) {
        return Boolean.TRUE.equals(call("PEXPIRE", () -> redis.pexpire(key, ttlMillis)));
    }

    @Override
    public boolean pexpire(byte[] key, long ttlMillis, ExpiryCondition condition) {
        return Boolean.TRUE.equals(call("PEXPIREAT", () -> switch (condition) {
            case ALWAYS -> redis.pexpire(key, ttlMillis);
            case IF_NONE -> redis.pexpire(key, ttlMillis, ExpireArgs.Builder.nx());
            case IF_LATER -> redis.pexpire(key, ttlMillis, ExpireArgs.Builder.gt());
        }));
    }

    @Override
    public long unlink(byte[] key) {
        Long removed = call("UNLINK", () -> redis.unlink(key));
        return removed == null ? 0 : removed;
    }

    @Override
    public String scriptLoad(byte[] script) {
        return String.valueOf(call("SCRIPT LOAD", () -> redis.scriptLoad(script)));
    }

    @Override
    public RedisReply evalsha(String sha1, List<byte[]> keys, List<byte[]> args) {
        CommandArgs<byte[], byte[]> commandArgs = new CommandArgs<>(ByteArrayCodec.INSTANCE)
                .add(sha1)
                .add(keys.size())
                .addKeys(keys)
                .addValues(args);
        RedisReply reply = call("EVALSHA", () -> redis.dispatch(CommandType.EVALSHA, new ReplyOutput(), commandArgs));
        return reply == null ? RedisReply.NIL : reply;
    }

    @Override
    public long zadd(byte[] key, double score, byte[] member) {
        Long added = call("ZADD", () -> redis.zadd(key, score, member));
        return added == null ? 0 : added;
    }

    @Override
    public long zrem(byte[] key, List<byte[]> members) {
        byte[][] array = members.toArray(new byte[0][]);
        Long removed = call("ZREM", () -> redis.zrem(key, array));
        return removed == null ? 0 : removed;
    }

    @Override
    public long zremrangebyscore(byte[] key, double maxInclusive) {
        Range<Double> range = Range.from(Range.Boundary.unbounded(), Range.Boundary.including(maxInclusive));
        Long removed = call("ZREMRANGEBYSCORE", () -> redis.zremrangebyscore(key, range));
        return removed == null ? 0 : removed;
    }

    @Override
    public List<ScoredMember> zrangebyscore(byte[] key, double minExclusive) {
        Range<Double> range = Range.from(Range.Boundary.excluding(minExclusive), Range.Boundary.unbounded());
        List<ScoredValue<byte[]>> values = call("ZRANGEBYSCORE", () -> redis.zrangebyscoreWithScores(key, range));
        List<ScoredMember> members = new ArrayList<>(values.size());
        for (ScoredValue<byte[]> value : values) {
            members.add(new ScoredMember(value.getValue(), value.getScore()));
        }
        return members;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                release.run();
            } catch (RuntimeException e) {
                // Closing must not fail the application's shutdown; what is left is logged.
                LOG.warn("closing the Lettuce connection to {} failed: {}", where, e.toString());
            }
        }
    }

    /** Whether the underlying connection is open at this moment (it may be reconnecting). */
    public boolean isConnected() {
        return connection.isOpen();
    }

    @Override
    public String toString() {
        return "LettuceCommandExecutor[" + where + "]";
    }

    private <T> T call(String command, Supplier<T> operation) {
        if (closed.get()) {
            // Lettuce's behaviour after shutdown varies (closed-connection or timer errors); say it plainly.
            throw new SessionStoreUnavailableException("the connection to " + where + " was closed; " + command + " not sent");
        }
        try {
            return operation.get();
        } catch (RedisNoScriptException e) {
            throw new RedisScriptNotLoadedException(where + " does not have the script (NOSCRIPT)", e);
        } catch (RedisCommandExecutionException e) {
            throw new RedisCommandRejectedException(command, String.valueOf(e.getMessage()), e);
        } catch (RedisException e) {
            throw unavailable(where, command, e);
        }
    }

    private static SessionStoreUnavailableException unavailable(String where, String command, RedisException e) {
        if (e instanceof RedisCommandInterruptedException) {
            Thread.currentThread().interrupt();
            return new SessionStoreUnavailableException("interrupted while waiting for " + where + " to answer " + command, e);
        }
        if (e instanceof RedisCommandTimeoutException) {
            return new SessionStoreUnavailableException(where + " did not answer " + command + " in time", e);
        }
        if (e instanceof RedisConnectionException) {
            return new SessionStoreUnavailableException(where + " cannot be reached (" + command + ")", e);
        }
        return new SessionStoreUnavailableException(where + " failed " + command + ": " + e.getClass().getSimpleName(), e);
    }

    private static RedisURI toRedisUri(RedisStoreConfig config) {
        RedisURI uri;
        try {
            uri = RedisURI.create(config.uriWithCredentials());
        } catch (RuntimeException e) {
            // No cause: parsers quote their input, and the input may hold a password.
            throw new IllegalArgumentException("not a usable Redis URI: " + config.redactedUri() + " ("
                    + e.getClass().getSimpleName() + ")");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("a Redis URI names a host, but " + config.redactedUri() + " does not");
        }
        if (uri.isSsl() && uri.getVerifyMode() != SslVerifyMode.FULL) {
            throw new IllegalArgumentException("TLS to Redis always verifies the certificate and the host name, but "
                    + config.redactedUri() + " asks for verifyPeer " + uri.getVerifyMode()
                    + "; give the server's certificate authority as a trust store instead");
        }
        if (config.password().isPresent()) {
            char[] password = config.password().get();
            if (config.username().isPresent()) {
                uri.setAuthentication(config.username().get(), password);
            } else {
                uri.setAuthentication(password);
            }
        }
        uri.setTimeout(config.commandTimeout());
        if (!uri.isSsl() && !Hosts.isLoopback(uri.getHost())) {
            if (!config.plaintextToRemoteHostAllowed()) {
                throw new IllegalArgumentException("plaintext redis:// to " + uri.getHost() + " would send the password and "
                        + "every sealed record readable on the network; use rediss://, or allow it explicitly with "
                        + "RedisStoreConfig.custom().allowPlaintextToRemoteHost(true)");
            }
            LOG.warn("connecting to {} without TLS: its traffic, including the password, can be read on the network",
                    config.redactedUri());
        }
        if (!uri.isSsl() && (config.trustStore().isPresent() || config.keyStore().isPresent())) {
            throw new IllegalArgumentException("a trust store or key store was given, but " + config.redactedUri()
                    + " does not use TLS; use rediss://");
        }
        return uri;
    }

    private static ClientOptions clientOptions(RedisStoreConfig config, RedisURI uri) {
        ClientOptions.Builder options = ClientOptions.builder()
                .socketOptions(SocketOptions.builder().connectTimeout(config.connectTimeout()).build())
                .timeoutOptions(TimeoutOptions.enabled())
                // RESP2 logs in with AUTH, which every ACL user may run; RESP3's HELLO needs a
                // permission a least-privilege user should not have to be granted. The store's
                // replies are the same in both.
                .protocolVersion(ProtocolVersion.RESP2);
        if (uri.isSsl() && (config.trustStore().isPresent() || config.keyStore().isPresent())) {
            SslOptions.Builder ssl = SslOptions.builder().jdkSslProvider().keyStoreType(config.keyStoreType());
            if (config.trustStore().isPresent()) {
                Path path = readable(config.trustStore().get(), "trust store");
                ssl.truststore(SslOptions.Resource.from(path.toFile()), config.trustStorePassword().orElse(new char[0]));
            }
            if (config.keyStore().isPresent()) {
                Path path = readable(config.keyStore().get(), "key store");
                ssl.keystore(SslOptions.Resource.from(path.toFile()), config.keyStorePassword().orElse(new char[0]));
            }
            options.sslOptions(ssl.build());
        }
        return options.build();
    }

    private static Path readable(Path path, String what) {
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new IllegalArgumentException("the " + what + " " + path + " is not a readable file");
        }
        return path;
    }

    private static String describe(RedisURI uri) {
        return (uri.isSsl() ? "rediss://" : "redis://") + uri.getHost() + ":" + uri.getPort() + "/" + uri.getDatabase();
    }

    /**
     * Sends the command under a {@link ProtocolKeyword} made from its name, with the arguments as
     * raw bytes, and reads whatever comes back with {@link ReplyOutput}, which takes any shape.
     */
    @Override
    public RedisReply command(List<byte[]> commandAndArguments) {
        if (commandAndArguments.isEmpty()) {
            throw new IllegalArgumentException("a command has at least a name");
        }
        byte[] name = commandAndArguments.get(0).clone();
        String shownName = new String(name, StandardCharsets.US_ASCII);
        CommandArgs<byte[], byte[]> args = new CommandArgs<>(ByteArrayCodec.INSTANCE);
        commandAndArguments.subList(1, commandAndArguments.size()).forEach(args::add);
        ProtocolKeyword keyword = new ProtocolKeyword() {
            @Override
            public byte[] getBytes() {
                return name;
            }

            @Override
            public String toString() {
                return shownName;
            }
        };
        RedisReply reply = call(shownName, () -> redis.dispatch(keyword, new ReplyOutput(), args));
        return reply == null ? RedisReply.NIL : reply;
    }
}

package io.sealedsession.jedis;

import io.sealedsession.core.SessionStoreUnavailableException;
import io.sealedsession.jedis.internal.Hosts;
import io.sealedsession.jedis.internal.ProbedConnectionFactory;
import io.sealedsession.jedis.internal.ProbedSocketFactory;
import io.sealedsession.jedis.internal.RedisEndpoint;
import io.sealedsession.jedis.internal.Replies;
import io.sealedsession.jedis.internal.TlsContexts;
import io.sealedsession.redis.ExpiryCondition;
import io.sealedsession.redis.RedisCommandExecutor;
import io.sealedsession.redis.RedisCommandRejectedException;
import io.sealedsession.redis.RedisReply;
import io.sealedsession.redis.RedisScriptNotLoadedException;
import io.sealedsession.redis.RedisStoreConfig;
import io.sealedsession.redis.ScoredMember;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.DefaultRedisCredentials;
import redis.clients.jedis.DefaultRedisCredentialsProvider;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.args.ExpiryOption;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;
import redis.clients.jedis.params.GetExParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.providers.PooledConnectionProvider;
import redis.clients.jedis.resps.Tuple;

/**
 * {@link RedisCommandExecutor} on a pooled, binary-safe Jedis client.
 *
 * <p><b>Thread safety.</b> Every command borrows a connection from the client's pool for its one
 * round trip and returns it, so any number of threads may call at once. The executor uses no
 * connection state (no {@code MULTI}, no blocking commands, no {@code SELECT} after a connection
 * is made). A pool of its own holds up to {@value #POOL_SIZE} connections; a command that finds all
 * of them busy waits for one at most the command timeout.
 *
 * <p><b>Failures.</b> Every command waits at most the command timeout (default 2 s, from
 * {@link RedisStoreConfig#commandTimeout()}; for an application's own client, that client's socket
 * timeout) for its reply. A timeout, a refused or lost connection and an exhausted pool become a
 * {@link SessionStoreUnavailableException} with Jedis's exception as the cause; an error reply
 * becomes a {@link RedisCommandRejectedException}; {@code NOSCRIPT} becomes
 * {@link RedisScriptNotLoadedException}. Messages name the host, never the password.
 *
 * <p><b>Recovery.</b> On a client opened by {@link #connect(RedisStoreConfig)}, a pooled
 * connection is checked before each reuse, without a round trip, for whether the server has closed
 * it; one it has closed is discarded and a new one made. So when Redis restarts, the first command
 * after it is back already runs on a fresh connection, and the same executor works again without
 * being rebuilt. Commands are never re-sent: a command whose reply was lost fails, because it may
 * have been carried out.
 *
 * <p><b>Ownership.</b> What {@link #connect(RedisStoreConfig)} opens (pool, connections) is closed
 * by {@link #close()}. A client passed to {@link #using} belongs to the application, which closes it.
 */
public final class JedisCommandExecutor implements RedisCommandExecutor {

    /**
     * The most connections the pool of {@link #connect(RedisStoreConfig)} holds. A command holds a
     * connection for one round trip, well under a millisecond near Redis, so a few connections
     * serve thousands of requests a second; past this many commands at once, a command waits for
     * a free connection at most the command timeout.
     */
    public static final int POOL_SIZE = 16;

    private static final Logger LOG = LoggerFactory.getLogger(JedisCommandExecutor.class);
    private static final byte[] MINUS_INFINITY = "-inf".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PLUS_INFINITY = "+inf".getBytes(StandardCharsets.US_ASCII);

    private final UnifiedJedis jedis;
    private final String where;
    private final Runnable release;
    private final AtomicBoolean closed = new AtomicBoolean();

    private JedisCommandExecutor(UnifiedJedis jedis, String where, Runnable release) {
        this.jedis = jedis;
        this.where = where;
        this.release = release;
    }

    /**
     * Connects as {@code config} says, with a Jedis client and connection pool of its own.
     *
     * <ul>
     *   <li>{@code rediss://} verifies the server's certificate chain and, during the handshake,
     *       that the certificate names the host of the URI; a URI that asks for less
     *       ({@code verifyPeer} other than {@code FULL}) is refused. A trust store (default: the
     *       JVM's trusted authorities) and a client certificate (mutual TLS) come from the config.</li>
     *   <li>{@code redis://} to a host other than {@code localhost} or a loopback address is
     *       refused unless the config allows it; then a warning is logged.</li>
     *   <li>Credentials in the config take precedence over those in the URI. Connections log in
     *       with {@code AUTH} (RESP2), which every ACL user may run, and send nothing else on
     *       connecting but {@code SELECT} for a database other than 0 and {@code CLIENT SETNAME}
     *       when the URI names the client.</li>
     *   <li>The config's command timeout replaces any {@code timeout} in the URI; the connect
     *       timeout bounds the TCP connection and the TLS handshake.</li>
     *   <li>One connection is made, logged in and closed before this method returns, so that an
     *       unreachable server, a refused login or a certificate that fails verification is
     *       reported here rather than by the first command.</li>
     * </ul>
     *
     * @throws IllegalArgumentException when the URI or the TLS material cannot be used
     * @throws SessionStoreUnavailableException when Redis cannot be reached, the TLS handshake
     *     fails, or Redis refuses the login ({@link RedisCommandRejectedException})
     */
    public static JedisCommandExecutor connect(RedisStoreConfig config) {
        Objects.requireNonNull(config, "config");
        RedisEndpoint endpoint = RedisEndpoint.of(config);
        checkTransport(endpoint, config);
        String where = "Redis at " + config.redactedUri();
        SSLContext tls = endpoint.tls() ? TlsContexts.create(config) : null;
        ProbedSocketFactory sockets = new ProbedSocketFactory(endpoint.host(), endpoint.port(),
                millis(config.connectTimeout()), millis(config.commandTimeout()), tls);
        JedisClientConfig clientConfig = clientConfig(endpoint, config);
        ProbedConnectionFactory connections = new ProbedConnectionFactory(sockets, clientConfig);

        try (Connection first = connections.open()) {
            LOG.debug("connected to {}", where);
        } catch (JedisDataException e) {
            throw new RedisCommandRejectedException("the connection set-up", String.valueOf(e.getMessage()), e);
        } catch (JedisException e) {
            throw unavailable(where, "connect", e);
        }

        PooledConnectionProvider provider = new PooledConnectionProvider(connections, poolConfig(config.commandTimeout()));
        RedisClient client;
        try {
            client = RedisClient.builder().connectionProvider(provider).clientConfig(clientConfig).build();
        } catch (RuntimeException e) {
            provider.close();
            throw e;
        }
        return new JedisCommandExecutor(client, where, client::close);
    }

    /**
     * Uses the application's client, which stays the application's: {@link #close()} leaves it
     * open. It must be thread-safe, such as a {@link RedisClient} (pooled) or a Sentinel client.
     * Its settings apply: timeouts (its socket timeout must be finite; Jedis's default is 2 s),
     * TLS, pool size and validation. Jedis's default pool checks idle connections only every 30 s,
     * in the background and with {@code PING} (which a least-privilege ACL user may not run), so
     * after a Redis restart each stale connection in it can fail one command before it is
     * replaced; the clients this class opens itself check before every reuse instead.
     *
     * @throws IllegalArgumentException for a Redis Cluster client: {@code SCRIPT LOAD} has no key
     *     to route by, so a script would be loaded on one node and run on another
     */
    public static JedisCommandExecutor using(UnifiedJedis client) {
        Objects.requireNonNull(client, "client");
        if (client instanceof RedisClusterClient || client instanceof JedisCluster) {
            throw new IllegalArgumentException("a Redis Cluster client is not supported by this adapter: scripts are "
                    + "loaded without a key to route by; use a standalone or Sentinel client");
        }
        return new JedisCommandExecutor(client, "Redis (the application's Jedis client)", () -> {});
    }

    @Override
    public byte @Nullable [] get(byte[] key) {
        return call("GET", () -> jedis.get(key));
    }

    @Override
    public byte @Nullable [] getex(byte[] key, long ttlMillis) {
        return call("GETEX", () -> jedis.getEx(key, GetExParams.getExParams().px(ttlMillis)));
    }

    @Override
    public boolean setIfAbsent(byte[] key, byte[] value, long ttlMillis) {
        return "OK".equals(call("SET", () -> jedis.set(key, value, SetParams.setParams().nx().px(ttlMillis))));
    }

    @Override
    public boolean setIfPresent(byte[] key, byte[] value, long ttlMillis) {
        return "OK".equals(call("SET", () -> jedis.set(key, value, SetParams.setParams().xx().px(ttlMillis))));
    }

    @Override
    public boolean pexpire(byte[] key, long ttlMillis) {
        return call("PEXPIRE", () -> jedis.pexpire(key, ttlMillis)) == 1;
    }

    @Override
    public boolean pexpire(byte[] key, long ttlMillis, ExpiryCondition condition) {
        long set = call("PEXPIRE", () -> switch (condition) {
            case ALWAYS -> jedis.pexpire(key, ttlMillis);
            case IF_NONE -> jedis.pexpire(key, ttlMillis, ExpiryOption.NX);
            case IF_LATER -> jedis.pexpire(key, ttlMillis, ExpiryOption.GT);
        });
        return set == 1;
    }

    @Override
    public long unlink(byte[] key) {
        return call("UNLINK", () -> jedis.unlink(key));
    }

    @Override
    public String scriptLoad(byte[] script) {
        // UnifiedJedis's binary SCRIPT LOAD wants a key to route by; on a standalone server there is none to give.
        CommandArguments load = new CommandArguments(Protocol.Command.SCRIPT).add(Protocol.Keyword.LOAD).add(script);
        return String.valueOf(call("SCRIPT LOAD", () -> jedis.executeCommand(new CommandObject<>(load, BuilderFactory.STRING))));
    }

    @Override
    public RedisReply evalsha(String sha1, List<byte[]> keys, List<byte[]> args) {
        byte[] digest = sha1.getBytes(StandardCharsets.US_ASCII);
        Object reply = call("EVALSHA", () -> jedis.evalsha(digest, keys, args));
        return Replies.toReply(reply);
    }

    @Override
    public long zadd(byte[] key, double score, byte[] member) {
        return call("ZADD", () -> jedis.zadd(key, score, member));
    }

    @Override
    public long zrem(byte[] key, List<byte[]> members) {
        byte[][] array = members.toArray(new byte[0][]);
        return call("ZREM", () -> jedis.zrem(key, array));
    }

    @Override
    public long zremrangebyscore(byte[] key, double maxInclusive) {
        byte[] max = Replies.scoreBound(maxInclusive, false);
        return call("ZREMRANGEBYSCORE", () -> jedis.zremrangeByScore(key, MINUS_INFINITY, max));
    }

    @Override
    public List<ScoredMember> zrangebyscore(byte[] key, double minExclusive) {
        byte[] min = Replies.scoreBound(minExclusive, true);
        List<Tuple> tuples = call("ZRANGEBYSCORE", () -> jedis.zrangeByScoreWithScores(key, min, PLUS_INFINITY));
        List<ScoredMember> members = new ArrayList<>(tuples.size());
        for (Tuple tuple : tuples) {
            members.add(new ScoredMember(tuple.getBinaryElement(), tuple.getScore()));
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
                LOG.warn("closing the Jedis client of {} failed: {}", where, e.toString());
            }
        }
    }

    @Override
    public String toString() {
        return "JedisCommandExecutor[" + where + "]";
    }

    private <T> T call(String command, Supplier<T> operation) {
        if (closed.get()) {
            // A closed pool's own error ("Pool not open") says less than this.
            throw new SessionStoreUnavailableException("the connection to " + where + " was closed; " + command + " not sent");
        }
        try {
            return operation.get();
        } catch (JedisNoScriptException e) {
            throw new RedisScriptNotLoadedException(where + " does not have the script (NOSCRIPT)", e);
        } catch (JedisDataException e) {
            throw new RedisCommandRejectedException(command, String.valueOf(e.getMessage()), e);
        } catch (JedisException e) {
            throw unavailable(where, command, e);
        }
    }

    private static SessionStoreUnavailableException unavailable(String where, String command, JedisException e) {
        if (causedBy(e, InterruptedException.class) || causedBy(e, ClosedByInterruptException.class)) {
            Thread.currentThread().interrupt();
            return new SessionStoreUnavailableException("interrupted while waiting for " + where + " to answer " + command, e);
        }
        if (causedBy(e, SocketTimeoutException.class)) {
            return new SessionStoreUnavailableException(where + " did not answer " + command + " in time", e);
        }
        if (causedBy(e, NoSuchElementException.class)) {
            return new SessionStoreUnavailableException("no connection to " + where + " became free within the command "
                    + "timeout (" + command + ")", e);
        }
        if (e instanceof JedisConnectionException) {
            return new SessionStoreUnavailableException(where + " cannot be reached (" + command + ")", e);
        }
        return new SessionStoreUnavailableException(where + " failed " + command + ": " + e.getClass().getSimpleName(), e);
    }

    private static boolean causedBy(Throwable thrown, Class<? extends Throwable> type) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static void checkTransport(RedisEndpoint endpoint, RedisStoreConfig config) {
        if (!endpoint.tls() && !Hosts.isLoopback(endpoint.host())) {
            if (!config.plaintextToRemoteHostAllowed()) {
                throw new IllegalArgumentException("plaintext redis:// to " + endpoint.host() + " would send the password and "
                        + "every sealed record readable on the network; use rediss://, or allow it explicitly with "
                        + "RedisStoreConfig.custom().allowPlaintextToRemoteHost(true)");
            }
            LOG.warn("connecting to {} without TLS: its traffic, including the password, can be read on the network",
                    config.redactedUri());
        }
        if (!endpoint.tls() && (config.trustStore().isPresent() || config.keyStore().isPresent())) {
            throw new IllegalArgumentException("a trust store or key store was given, but " + config.redactedUri()
                    + " does not use TLS; use rediss://");
        }
    }

    private static JedisClientConfig clientConfig(RedisEndpoint endpoint, RedisStoreConfig config) {
        DefaultJedisClientConfig.Builder builder = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(millis(config.connectTimeout()))
                .socketTimeoutMillis(millis(config.commandTimeout()))
                .database(endpoint.database())
                .clientName(endpoint.clientName())
                // No protocol and no negotiation: RESP2 with AUTH, which every ACL user may run,
                // and no HELLO. No CLIENT SETINFO either: a least-privilege user may not run it.
                .autoNegotiateProtocol(false)
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED);
        char[] password = endpoint.password();
        if (password != null) {
            builder.credentialsProvider(new DefaultRedisCredentialsProvider(new DefaultRedisCredentials(endpoint.user(), password)));
        }
        return builder.build();
    }

    private static GenericObjectPoolConfig<Connection> poolConfig(Duration commandTimeout) {
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(POOL_SIZE);
        pool.setMaxIdle(POOL_SIZE);
        pool.setMinIdle(0);
        // The check costs no round trip (see ProbedConnectionFactory); Jedis's own would send PING,
        // which a least-privilege ACL user may not run.
        pool.setTestOnBorrow(true);
        pool.setTestWhileIdle(false);
        pool.setBlockWhenExhausted(true);
        pool.setMaxWait(commandTimeout);
        pool.setJmxEnabled(false);
        return pool;
    }

    private static int millis(Duration duration) {
        // Zero would mean "no timeout" to a socket; the config only holds positive durations.
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, duration.toMillis()));
    }

    /**
     * Not offered by this adapter: WAIT counts only the writes made on the connection it is sent
     * on, and this adapter does not yet keep a write and its WAIT on one pooled connection. The
     * provider refuses a configuration that asks for replica acknowledgement, so a store never
     * calls this.
     *
     * @throws IllegalStateException always
     */
    @Override
    public long waitForReplicas(byte[] keyOfTheWrite, int replicas, long timeoutMillis) {
        throw new IllegalStateException("the jedis adapter does not wait for replicas; use the lettuce client for that option");
    }

    /**
     * Sends the command on a pooled connection, under a {@link ProtocolCommand} made from its name;
     * Jedis hands back the raw reply ({@code byte[]} for bulk and status strings, {@link Long},
     * {@link List}, {@code null}), which {@link Replies#toReply} translates.
     */
    @Override
    public RedisReply command(List<byte[]> commandAndArguments) {
        if (commandAndArguments.isEmpty()) {
            throw new IllegalArgumentException("a command has at least a name");
        }
        byte[] name = commandAndArguments.get(0).clone();
        ProtocolCommand command = () -> name;
        byte[][] args = commandAndArguments.subList(1, commandAndArguments.size()).toArray(new byte[0][]);
        Object reply = call(new String(name, StandardCharsets.US_ASCII), () -> jedis.sendCommand(command, args));
        return Replies.toReply(reply);
    }
}

package io.sealedsession.jedis.internal;

import io.sealedsession.redis.RedisCredentials;
import io.sealedsession.redis.spi.ConnectionPlan;
import io.sealedsession.redis.spi.Failure;
import io.sealedsession.redis.spi.TransportPolicy;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.time.Duration;
import java.util.NoSuchElementException;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.DefaultRedisCredentials;
import redis.clients.jedis.DefaultRedisCredentialsProvider;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/** Jedis's settings for a {@link ConnectionPlan}, and what its exceptions mean. */
public final class Connections {

    private Connections() {}

    /** The error reply anywhere in a failure's causes, or null. */
    public static @Nullable JedisDataException refusal(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof JedisDataException data) {
                return data;
            }
            for (Throwable suppressed : t.getSuppressed()) {
                JedisDataException inner = refusal(suppressed);
                if (inner != null) {
                    return inner;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /** What a Jedis exception means. */
    public static Failure failure(Throwable e) {
        if (e instanceof JedisNoScriptException) {
            return Failure.of(Failure.Kind.NO_SCRIPT);
        }
        if (e instanceof JedisDataException) {
            return Failure.serverError(String.valueOf(e.getMessage()));
        }
        if (causedBy(e, InterruptedException.class) || causedBy(e, ClosedByInterruptException.class)) {
            return Failure.of(Failure.Kind.INTERRUPTED);
        }
        if (causedBy(e, SocketTimeoutException.class)) {
            return Failure.of(Failure.Kind.TIMEOUT);
        }
        if (causedBy(e, NoSuchElementException.class)) {
            return Failure.of(Failure.Kind.NO_FREE_CONNECTION);
        }
        return Failure.of(e instanceof JedisConnectionException ? Failure.Kind.UNREACHABLE : Failure.Kind.OTHER);
    }

    private static boolean causedBy(Throwable thrown, Class<? extends Throwable> type) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
            // A failed connect keeps the failure of each address it tried as suppressed.
            for (Throwable suppressed : t.getSuppressed()) {
                if (causedBy(suppressed, type)) {
                    return true;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** Timeouts, RESP2 without negotiation, no {@code CLIENT SETINFO}, the connection name and the login. */
    public static DefaultJedisClientConfig.Builder clientConfig(ConnectionPlan plan, @Nullable RedisCredentials login) {
        DefaultJedisClientConfig.Builder builder = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(plan.connectTimeoutMillis())
                .socketTimeoutMillis(plan.commandTimeoutMillis())
                .clientName(plan.clientName().orElse(null))
                // No protocol and no negotiation: RESP2 with AUTH, which every ACL user may run,
                // and no HELLO. No CLIENT SETINFO either: a least-privilege user may not run it.
                .autoNegotiateProtocol(false)
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED);
        if (login != null) {
            builder.credentialsProvider(new DefaultRedisCredentialsProvider(
                    new DefaultRedisCredentials(login.username().orElse(null), login.password())));
        }
        return builder;
    }

    /** A pool of at most {@code POOL_SIZE} connections, checked before reuse without a round trip. */
    public static GenericObjectPoolConfig<Connection> poolConfig(Duration commandTimeout, int poolSize) {
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(poolSize);
        pool.setMaxIdle(poolSize);
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

    /**
     * Where Jedis opens a socket to a Cluster node, seed or announced, and where this adapter
     * connects to the master a Sentinel names: the transport rule; a refused host fails the
     * connection, so commands for it fail as unavailable.
     *
     * @throws JedisConnectionException when plaintext to {@code host} is not allowed
     */
    public static HostAndPort checked(TransportPolicy policy, String host, int port) {
        String refusal = policy.check(host, port);
        if (refusal != null) {
            throw new JedisConnectionException(refusal);
        }
        return new HostAndPort(host, port);
    }
}

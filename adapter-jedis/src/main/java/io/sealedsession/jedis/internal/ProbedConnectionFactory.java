package io.sealedsession.jedis.internal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.PooledObjectFactory;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Makes the pooled Jedis connections of an executor and checks an idle one before it is lent
 * again, without a round trip: a connection whose server has closed it since its last use (Redis
 * restarted or was killed) is discarded and replaced instead of failing the next command. Redis
 * closes a client's socket when it goes away, so after a restart every pooled connection is in
 * that state, and without this check each would fail one request.
 *
 * <p>A connection is checked from its second loan on: at its first, it was made a moment ago, and
 * a TLS server may still be sending the session tickets that follow the handshake, which Jedis
 * reads along with the first reply.
 *
 * <p>Behind Sentinel, where each new connection goes is decided when it is made (the Sentinels
 * are asked), and {@link #retireAll()} makes every existing connection fail its next check, so
 * that the pool replaces them with connections to the master the Sentinels name now.
 *
 * <p>Use with {@code testOnBorrow}; thread-safe as the pool requires.
 */
public final class ProbedConnectionFactory implements PooledObjectFactory<Connection> {

    private final Supplier<ProbedSocketFactory> sockets;
    private final JedisClientConfig clientConfig;
    private final AtomicLong generation = new AtomicLong();

    /**
     * @param sockets the settings for each connection's sockets; each connection gets its own copy
     * @param clientConfig login, database, client name and protocol; its socket settings are unused
     */
    public ProbedConnectionFactory(ProbedSocketFactory sockets, JedisClientConfig clientConfig) {
        this(sockets::forNewConnection, clientConfig);
    }

    /**
     * @param sockets called for each new connection: a fresh socket factory for where it goes now
     * @param clientConfig login, database, client name and protocol; its socket settings are unused
     */
    public ProbedConnectionFactory(Supplier<ProbedSocketFactory> sockets, JedisClientConfig clientConfig) {
        this.sockets = sockets;
        this.clientConfig = clientConfig;
    }

    /** Makes every connection made so far fail its next check, so that the pool replaces it. */
    public void retireAll() {
        generation.incrementAndGet();
    }

    /**
     * A connection outside the pool: connected, TLS handshake done, logged in. The caller closes it.
     *
     * @throws redis.clients.jedis.exceptions.JedisConnectionException when the server cannot be reached
     * @throws redis.clients.jedis.exceptions.JedisDataException when the server refuses the login
     */
    public Connection open() {
        long current = generation.get();
        return new ProbedConnection(sockets.get(), clientConfig, current);
    }

    @Override
    public PooledObject<Connection> makeObject() {
        return new DefaultPooledObject<>(open());
    }

    @Override
    public boolean validateObject(PooledObject<Connection> pooled) {
        Connection connection = pooled.getObject();
        if (!connection.isConnected() || connection.isBroken()) {
            return false;
        }
        if (((ProbedConnection) connection).generation != generation.get()) {
            return false;
        }
        if (pooled.getBorrowedCount() <= 1) {
            return true;
        }
        return !((ProbedConnection) connection).sockets.peerClosed();
    }

    @Override
    public void destroyObject(PooledObject<Connection> pooled) {
        try {
            pooled.getObject().close();
        } catch (JedisException alreadyGone) {
            // Closing flushes first, which fails on a socket the server has closed; it is closed all the same.
        }
    }

    @Override
    public void activateObject(PooledObject<Connection> pooled) {
        // Nothing to prepare: connections keep no per-loan state (no SELECT, no MULTI).
    }

    @Override
    public void passivateObject(PooledObject<Connection> pooled) {
        // Nothing to reset, for the same reason.
    }

    /** A Jedis connection that keeps its socket factory, to probe its socket. */
    private static final class ProbedConnection extends Connection {

        private final ProbedSocketFactory sockets;
        private final long generation;

        ProbedConnection(ProbedSocketFactory sockets, JedisClientConfig clientConfig, long generation) {
            super(sockets, clientConfig);
            this.sockets = sockets;
            this.generation = generation;
        }
    }
}

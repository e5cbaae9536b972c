package io.sealedsession.jedis.internal;

import io.sealedsession.redis.spi.TransportPolicy;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.HostAndPortMapper;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Where Jedis opens a socket to a Cluster node, seed or announced, and where this adapter connects
 * to the master a Sentinel names: the {@link TransportPolicy}. A refused host fails the connection,
 * so commands for it fail as unavailable. Thread-safe.
 */
public final class PlaintextGuard implements HostAndPortMapper {

    private final TransportPolicy policy;

    public PlaintextGuard(TransportPolicy policy) {
        this.policy = policy;
    }

    @Override
    public HostAndPort getHostAndPort(HostAndPort hostAndPort) {
        check(hostAndPort.getHost(), hostAndPort.getPort());
        return hostAndPort;
    }

    /**
     * @throws JedisConnectionException when plaintext to {@code host} is not allowed
     */
    public void check(String host, int port) {
        String refusal = policy.check(host, port);
        if (refusal != null) {
            throw new JedisConnectionException(refusal);
        }
    }
}

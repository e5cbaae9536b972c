package io.sealedsession.lettuce.internal;

import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.resource.SocketAddressResolver;
import io.sealedsession.redis.spi.TransportPolicy;
import java.net.SocketAddress;

/**
 * Where Lettuce resolves every address it connects to (seeds, announced Cluster nodes, the master a
 * Sentinel names), the {@link TransportPolicy} is applied: a refused host fails the connection, so
 * commands for it fail as unavailable. Thread-safe.
 */
public final class PlaintextGuard extends SocketAddressResolver {

    private final TransportPolicy policy;

    public PlaintextGuard(TransportPolicy policy) {
        this.policy = policy;
    }

    @Override
    public SocketAddress resolve(RedisURI uri) {
        String refusal = uri.getHost() == null ? null : policy.check(uri.getHost(), uri.getPort());
        if (refusal != null) {
            throw new RedisConnectionException(refusal);
        }
        return super.resolve(uri);
    }
}

package io.sealedsession.lettuce.internal;

import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.resource.SocketAddressResolver;
import io.sealedsession.redis.RedisAddress;
import java.net.SocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the plaintext rule to every address a Lettuce client connects to, not only to those in
 * the URI: a Cluster announces its nodes and a Sentinel names the master, and either may name a
 * remote host. Lettuce resolves every such address through its client resources' resolver, so this
 * is the one place where all connections pass.
 *
 * <p>Used only for plaintext deployments: with TLS every node is verified against its certificate
 * instead. A remote host is refused (the connection fails, so commands for it fail as unavailable)
 * unless plaintext to remote hosts was allowed; then each remote host is logged once as a warning.
 * Thread-safe.
 */
public final class PlaintextGuard extends SocketAddressResolver {

    private static final Logger LOG = LoggerFactory.getLogger(PlaintextGuard.class);

    private final boolean remoteAllowed;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    public PlaintextGuard(boolean remoteAllowed) {
        this.remoteAllowed = remoteAllowed;
    }

    @Override
    public SocketAddress resolve(RedisURI uri) {
        String host = uri.getHost();
        if (host != null && !RedisAddress.isLoopback(host)) {
            if (!remoteAllowed) {
                LOG.error("refused a plaintext connection to {}:{}, which the Redis deployment announced: it is not a "
                        + "loopback host; use TLS, or allow plaintext to remote hosts explicitly", host, uri.getPort());
                throw new RedisConnectionException("plaintext connection to the non-loopback host " + host + ":"
                        + uri.getPort() + " refused; use TLS or allowPlaintextToRemoteHost(true)");
            }
            if (warned.add(host + ":" + uri.getPort())) {
                LOG.warn("connecting to {}:{} without TLS: its traffic, including the password, can be read on the network",
                        host, uri.getPort());
            }
        }
        return super.resolve(uri);
    }
}

package io.sealedsession.redisson.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.sealedsession.redis.RedisAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.redisson.client.NettyHook;
import org.redisson.client.RedisConnectionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the plaintext rule to every connection a Redisson client opens, not only to the
 * addresses in the URI: a Cluster announces its nodes and Sentinels name the master and its
 * replicas, and any of them may name a remote host. Redisson hands every channel it creates to its
 * Netty hook before connecting it, so a handler placed there sees each connect, whichever part of
 * Redisson asked for it (slot map refresh, failover, reconnection).
 *
 * <p>Installed only for plaintext deployments: with TLS every node is verified against its
 * certificate instead. The address checked is the one actually connected to: a name that
 * resolves to a loopback address is local. A remote address is refused (the connect fails, so
 * commands for that node fail as unavailable) unless plaintext to remote hosts was allowed; then
 * each one is logged once as a warning. Thread-safe.
 */
public final class PlaintextGuard implements NettyHook {

    private static final Logger LOG = LoggerFactory.getLogger(PlaintextGuard.class);

    private final boolean remoteAllowed;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    public PlaintextGuard(boolean remoteAllowed) {
        this.remoteAllowed = remoteAllowed;
    }

    @Override
    public void afterBoostrapInitialization(Bootstrap bootstrap) {
        // Nothing: the check needs the address of each connect, which the channel handler sees.
    }

    @Override
    public void afterChannelInitialization(Channel channel) {
        channel.pipeline().addFirst("sealed-sessions-plaintext-guard", new ChannelOutboundHandlerAdapter() {
            @Override
            public void connect(ChannelHandlerContext ctx, SocketAddress remote, SocketAddress local, ChannelPromise promise)
                    throws Exception {
                String refusal = check(remote);
                if (refusal != null) {
                    promise.setFailure(new RedisConnectionException(refusal));
                    return;
                }
                super.connect(ctx, remote, local, promise);
            }
        });
    }

    /** Null when a plaintext connection to {@code remote} may be opened, otherwise why not. */
    String check(SocketAddress remote) {
        if (!(remote instanceof InetSocketAddress address) || isLoopback(address)) {
            return null;
        }
        String where = address.getHostString() + ":" + address.getPort();
        if (!remoteAllowed) {
            LOG.error("refused a plaintext connection to {}, which the Redis deployment announced: it is not a "
                    + "loopback host; use TLS, or allow plaintext to remote hosts explicitly", where);
            return "plaintext connection to the non-loopback host " + where
                    + " refused; use TLS or allowPlaintextToRemoteHost(true)";
        }
        if (warned.add(where)) {
            LOG.warn("connecting to {} without TLS: its traffic, including the password, can be read on the network", where);
        }
        return null;
    }

    private static boolean isLoopback(InetSocketAddress address) {
        return address.getAddress() != null
                ? address.getAddress().isLoopbackAddress()
                : RedisAddress.isLoopback(address.getHostString());
    }
}

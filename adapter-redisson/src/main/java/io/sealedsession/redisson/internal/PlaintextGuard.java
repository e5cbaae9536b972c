package io.sealedsession.redisson.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.sealedsession.redis.spi.TransportPolicy;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.redisson.client.NettyHook;
import org.redisson.client.RedisConnectionException;

/**
 * Applies the {@link TransportPolicy} to every connection a Redisson client opens: Redisson hands
 * every channel it creates to its Netty hook before connecting it, so a handler placed there sees
 * each connect, whichever part of Redisson asked for it (slot map refresh, failover,
 * reconnection). A refused address fails the connect, so commands for that node fail as
 * unavailable. Thread-safe.
 */
public final class PlaintextGuard implements NettyHook {

    private final TransportPolicy policy;

    public PlaintextGuard(TransportPolicy policy) {
        this.policy = policy;
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
                String refusal = remote instanceof InetSocketAddress address ? policy.check(address) : null;
                if (refusal != null) {
                    promise.setFailure(new RedisConnectionException(refusal));
                    return;
                }
                super.connect(ctx, remote, local, promise);
            }
        });
    }
}

package io.sealedsession.lettuce.internal;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.SocketAddressResolver;
import io.sealedsession.redis.RedisAddress;
import io.sealedsession.redis.RedisCredentials;
import io.sealedsession.redis.RedisTopology;
import io.sealedsession.redis.spi.ConnectionPlan;
import io.sealedsession.redis.spi.TransportPolicy;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Lettuce's settings for a {@link ConnectionPlan}: resources, client options and URIs. */
public final class Options {

    /*
     * Lettuce's default spaces reconnect attempts up to 30 s apart, so after a long outage a
     * recovered Redis could go unused for half a minute while every request fails. Capping the
     * delay at 1 s keeps recovery prompt; each attempt is one TCP connect, which is cheap.
     */
    private static final Delay RECONNECT_DELAY =
            Delay.exponential(Duration.ofMillis(5), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS);

    /*
     * How often a Cluster's slot map is read regardless of events, and how often events may cause
     * it to be read. Lettuce's default limit for events is 30 s, which would leave a failover's
     * second step (the replica's promotion) unseen for that long.
     */
    private static final Duration PERIODIC_REFRESH = Duration.ofSeconds(10);
    private static final Duration ADAPTIVE_REFRESH_LIMIT = Duration.ofSeconds(1);

    private Options() {}

    /** Reconnects at most 1 s apart, and the plan's transport rule wherever Lettuce resolves a host. */
    public static ClientResources resources(ConnectionPlan plan) {
        return ClientResources.builder().reconnectDelay(RECONNECT_DELAY)
                .socketAddressResolver(plaintextGuard(plan.transport()))
                .build();
    }

    /**
     * Where Lettuce resolves every address it connects to (seeds, announced Cluster nodes, the
     * master a Sentinel names), the transport rule: a refused host fails the connection, so
     * commands for it fail as unavailable.
     */
    public static SocketAddressResolver plaintextGuard(TransportPolicy policy) {
        return new SocketAddressResolver() {
            @Override
            public SocketAddress resolve(RedisURI uri) {
                String refusal = uri.getHost() == null ? null : policy.check(uri.getHost(), uri.getPort());
                if (refusal != null) {
                    throw new RedisConnectionException(refusal);
                }
                return super.resolve(uri);
            }
        };
    }

    /**
     * A Cluster: at most 5 redirects; the slot map read again on events (at most once a second)
     * and every 10 s, so that migrations and failovers are followed without a restart.
     */
    public static ClusterClientOptions clusterOptions(ConnectionPlan plan) {
        return ClusterClientOptions.builder(clientOptions(plan))
                .maxRedirects(5)
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enablePeriodicRefresh(PERIODIC_REFRESH)
                        .enableAllAdaptiveRefreshTriggers()
                        .adaptiveRefreshTriggersTimeout(ADAPTIVE_REFRESH_LIMIT)
                        .refreshTriggersReconnectAttempts(3)
                        .dynamicRefreshSources(true)
                        .closeStaleConnections(true)
                        .build())
                .build();
    }

    /** The master behind the plan's Sentinels, each asked with the Sentinels' credentials. */
    public static RedisURI sentinelUri(ConnectionPlan plan, RedisTopology.Sentinel topology) {
        RedisURI.Builder uri = verified(plan).withSentinelMasterId(topology.masterName()).withDatabase(topology.database());
        plan.credentials().ifPresent(c -> withCredentials(uri, c));
        for (RedisAddress sentinel : topology.sentinels()) {
            RedisURI.Builder sentinelUri = verified(plan).withHost(sentinel.host()).withPort(sentinel.port());
            plan.sentinelCredentials().ifPresent(c -> withCredentials(sentinelUri, c));
            uri.withSentinel(sentinelUri.build());
        }
        return uri.build();
    }

    public static RedisURI dataNodeUri(ConnectionPlan plan, RedisAddress address) {
        RedisURI.Builder uri = verified(plan).withHost(address.host()).withPort(address.port()).withDatabase(plan.database());
        plan.clientName().ifPresent(uri::withClientName);
        plan.credentials().ifPresent(c -> withCredentials(uri, c));
        return uri.build();
    }

    public static void withCredentials(RedisURI.Builder uri, RedisCredentials credentials) {
        char[] password = credentials.password();
        if (credentials.username().isPresent()) {
            uri.withAuthentication(credentials.username().get(), password);
        } else {
            uri.withPassword(password);
        }
    }

    public static ClientOptions clientOptions(ConnectionPlan plan) {
        ClientOptions.Builder options = ClientOptions.builder()
                .socketOptions(SocketOptions.builder().connectTimeout(plan.connectTimeout()).build())
                .timeoutOptions(TimeoutOptions.enabled())
                // RESP2 logs in with AUTH, which every ACL user may run; RESP3's HELLO needs a
                // permission a least-privilege user should not have to be granted.
                .protocolVersion(ProtocolVersion.RESP2);
        if (plan.tls()) {
            SslOptions.Builder ssl = SslOptions.builder().jdkSslProvider();
            plan.trustManagers().ifPresent(ssl::trustManager);
            plan.keyManagers().ifPresent(ssl::keyManager);
            options.sslOptions(ssl.build());
        }
        return options.build();
    }

    /* TLS as the plan says, always verifying certificate and host name; the plan's command timeout. */
    private static RedisURI.Builder verified(ConnectionPlan plan) {
        return RedisURI.builder().withSsl(plan.tls()).withVerifyPeer(SslVerifyMode.FULL).withTimeout(plan.commandTimeout());
    }
}

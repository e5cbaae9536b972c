package io.sealedsession.redisson.internal;

import io.sealedsession.core.SessionStoreUnavailableException;
import io.sealedsession.redis.RedisAddress;
import io.sealedsession.redis.RedisCredentials;
import io.sealedsession.redis.RedisTopology;
import io.sealedsession.redis.spi.ConnectionPlan;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.config.BaseMasterSlaveServersConfig;
import org.redisson.config.Config;
import org.redisson.config.EqualJitterDelay;
import org.redisson.config.Protocol;
import org.redisson.config.ReadMode;
import org.redisson.config.SslVerificationMode;
import org.redisson.config.SubscriptionMode;

/** A Redisson client's configuration for a {@link ConnectionPlan}: servers, pools, TLS, credentials, the transport rule. */
public final class ClientConfig {

    /*
     * A session store needs few connections kept open: Redisson opens more on demand, up to the
     * pool size, and closes them after 10 s idle. Redisson's defaults suit an application that
     * uses Redisson for everything; this client does one thing.
     */
    private static final int KEPT_CONNECTIONS = 2;
    private static final int MAX_CONNECTIONS = 32;
    private static final int WORKER_THREADS = 2;
    private static final int CLUSTER_SCAN_MILLIS = 1000;
    private static final int SENTINEL_SCAN_MILLIS = 250;
    private ClientConfig() {}

    /*
     * The seeds or Sentinels come from the plan; every node Redisson learns about later is
     * covered by the plaintext guard (plaintext) or by STRICT certificate verification (TLS).
     * Reads go to masters only: a replica may lag behind a write just acknowledged.
     */
    /** Redisson's configuration for {@code plan}. */
    public static Config of(ConnectionPlan plan) {
        Config redisson = new Config()
                .setCodec(ByteArrayCodec.INSTANCE)
                // RESP2 logs in with AUTH, which every ACL user may run; RESP3's HELLO needs a
                // permission a least-privilege user should not have to be granted.
                .setProtocol(Protocol.RESP2)
                .setThreads(WORKER_THREADS)
                .setNettyThreads(Math.max(2, Runtime.getRuntime().availableProcessors()))
                // Without the keep-alive PING, dead peers are found by TCP keep-alive and by the command timeout.
                .setTcpKeepAlive(true)
                .setSslVerificationMode(SslVerificationMode.STRICT)
                .setNettyHook(new PlaintextGuard(plan.transport()));
        redisson.setReferenceEnabled(false);
        plan.trustManagers().ifPresent(redisson::setSslTrustManagerFactory);
        plan.keyManagers().ifPresent(redisson::setSslKeyManagerFactory);
        String scheme = plan.tls() ? "rediss://" : "redis://";
        RedisTopology topology = plan.topology();
        String[] addresses = topology.addresses().stream().map(a -> scheme + a).toArray(String[]::new);
        RedisCredentials data = plan.credentials().orElse(null);
        RedisCredentials sentinel = plan.sentinelCredentials().orElse(null);
        Set<InetSocketAddress> sentinels = Set.of();
        if (topology instanceof RedisTopology.Standalone) {
            redisson.useSingleServer()
                    .setAddress(addresses[0])
                    .setDatabase(plan.database())
                    .setClientName(plan.clientName().orElse(null))
                    .setConnectTimeout(plan.connectTimeoutMillis())
                    .setTimeout(plan.commandTimeoutMillis())
                    .setRetryAttempts(0)
                    .setPingConnectionInterval(0)
                    .setReconnectionDelay(new EqualJitterDelay(Duration.ofMillis(50), Duration.ofSeconds(1)))
                    .setConnectionMinimumIdleSize(KEPT_CONNECTIONS)
                    .setConnectionPoolSize(MAX_CONNECTIONS)
                    // The store uses no pub/sub: no subscription connection is opened in advance.
                    .setSubscriptionConnectionMinimumIdleSize(0)
                    .setSubscriptionConnectionPoolSize(1);
        } else {
            BaseMasterSlaveServersConfig<?> servers;
            if (topology instanceof RedisTopology.Cluster) {
                servers = redisson.useClusterServers()
                        .addNodeAddress(addresses)
                        // MOVED is followed at once; the scan finds promoted replicas and moved slots.
                        .setScanInterval(CLUSTER_SCAN_MILLIS)
                        // A slot without a master answers CLUSTERDOWN until a replica takes over; the
                        // store reports that as unavailable rather than refusing to start.
                        .setCheckSlotsCoverage(false);
            } else {
                RedisTopology.Sentinel s = (RedisTopology.Sentinel) topology;
                sentinels = resolved(s.sentinels());
                servers = redisson.useSentinelServers()
                        .addSentinelAddress(addresses)
                        .setMasterName(s.masterName())
                        .setDatabase(s.database())
                        // A demoted master stays writable for seconds, so the Sentinels are asked often.
                        .setScanInterval(SENTINEL_SCAN_MILLIS)
                        // Only the configured Sentinels: the credentials resolver tells them apart
                        // from data nodes by address, and an announced Sentinel would be unknown to it.
                        .setSentinelsDiscovery(false)
                        .setCheckSentinelsList(false);
            }
            servers.setReadMode(ReadMode.MASTER)
                    // Subscriptions are not used; the mode SLAVE only keeps Redisson tracking the
                    // replicas (with MASTER for both it forgets them), which SCRIPT LOAD must reach.
                    .setSubscriptionMode(SubscriptionMode.SLAVE)
                    .setConnectTimeout(plan.connectTimeoutMillis())
                    .setTimeout(plan.commandTimeoutMillis())
                    .setRetryAttempts(0)
                    .setPingConnectionInterval(0)
                    .setReconnectionDelay(new EqualJitterDelay(Duration.ofMillis(50), Duration.ofSeconds(1)))
                    .setFailedSlaveReconnectionInterval(1000)
                    .setMasterConnectionMinimumIdleSize(KEPT_CONNECTIONS)
                    .setMasterConnectionPoolSize(MAX_CONNECTIONS)
                    // Replicas only take SCRIPT LOAD: one connection each, opened on demand.
                    .setSlaveConnectionMinimumIdleSize(0)
                    .setSlaveConnectionPoolSize(1)
                    .setSubscriptionConnectionMinimumIdleSize(0)
                    .setSubscriptionConnectionPoolSize(1);
        }
        if (data != null || sentinel != null) {
            redisson.setCredentialsResolver(new TopologyCredentials(
                    data == null ? null : data.username().orElse(null), data == null ? null : data.password(),
                    sentinel == null ? null : sentinel.username().orElse(null), sentinel == null ? null : sentinel.password(),
                    sentinels));
        }
        return redisson;
    }

    /** Each Sentinel's addresses as Redisson will connect to them: a name may stand for several. */
    private static Set<InetSocketAddress> resolved(List<RedisAddress> sentinels) {
        Set<InetSocketAddress> result = new HashSet<>();
        for (RedisAddress sentinel : sentinels) {
            result.add(InetSocketAddress.createUnresolved(sentinel.host(), sentinel.port()));
            try {
                for (InetAddress address : InetAddress.getAllByName(sentinel.host())) {
                    result.add(new InetSocketAddress(address, sentinel.port()));
                }
            } catch (UnknownHostException e) {
                throw new SessionStoreUnavailableException("the Sentinel host " + sentinel.host() + " is not known", e);
            }
        }
        return result;
    }
}

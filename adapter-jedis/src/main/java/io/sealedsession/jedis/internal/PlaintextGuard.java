package io.sealedsession.jedis.internal;

import io.sealedsession.redis.RedisAddress;
import io.sealedsession.redis.RedisStoreConfig;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.HostAndPortMapper;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * The plaintext rule for hosts a Cluster or the Sentinels announce: without TLS, only loopback
 * hosts, unless the configuration allows others (then each is logged once as a warning). A
 * refused host is logged as an error once and its connection attempts fail as unavailable.
 *
 * <p>As a {@link HostAndPortMapper} it sits where Jedis opens a socket to any Cluster node, seeds
 * and discovered nodes alike, and maps nothing. With TLS every host passes: its certificate and
 * host name are verified. Thread-safe.
 */
public final class PlaintextGuard implements HostAndPortMapper {

    private static final Logger LOG = LoggerFactory.getLogger(PlaintextGuard.class);

    private final boolean tls;
    private final boolean remoteAllowed;
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    public PlaintextGuard(RedisStoreConfig config) {
        this.tls = config.topology().tls();
        this.remoteAllowed = config.plaintextToRemoteHostAllowed();
    }

    @Override
    public HostAndPort getHostAndPort(HostAndPort hostAndPort) {
        check(hostAndPort.getHost());
        return hostAndPort;
    }

    /**
     * @throws JedisConnectionException when plaintext to {@code host} is not allowed
     */
    public void check(String host) {
        if (tls || RedisAddress.isLoopback(host)) {
            return;
        }
        if (remoteAllowed) {
            if (reported.add(host)) {
                LOG.warn("connecting to the announced node {} without TLS: its traffic, including the password, can be "
                        + "read on the network", host);
            }
            return;
        }
        if (reported.add(host)) {
            LOG.error("refused to connect to the announced node {} without TLS: plaintext is allowed only to loopback "
                    + "hosts; use TLS, or allowPlaintextToRemoteHost(true)", host);
        }
        throw new JedisConnectionException("plaintext to the non-loopback host " + host + " is not allowed");
    }
}

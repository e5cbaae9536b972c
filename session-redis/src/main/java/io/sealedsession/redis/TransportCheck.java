package io.sealedsession.redis;

import org.slf4j.Logger;

/**
 * The transport rule every adapter applies to the hosts a configuration names, before anything
 * connects: TLS material without TLS is a mistake; plaintext to a host that is not loopback is
 * refused unless {@link RedisStoreConfig.Builder#allowPlaintextToRemoteHost(boolean)} allows it,
 * and then logged as a warning on the adapter's logger. Hosts a Cluster or the Sentinels announce
 * later are the adapter's to check, where its client connects.
 */
public final class TransportCheck {

    private TransportCheck() {}

    /**
     * @throws IllegalArgumentException saying what to do instead, without any password
     */
    public static void checkConfiguredHosts(RedisStoreConfig config, Logger log) {
        RedisTopology topology = config.topology();
        if (topology.tls()) {
            return;
        }
        if (config.trustStore().isPresent() || config.keyStore().isPresent()) {
            throw new IllegalArgumentException("a trust store or key store was given, but " + config.redactedUri()
                    + " does not use TLS; use " + topology.scheme().replace("redis", "rediss"));
        }
        for (RedisAddress address : topology.addresses()) {
            if (!address.isLoopback()) {
                if (!config.plaintextToRemoteHostAllowed()) {
                    throw new IllegalArgumentException("plaintext " + topology.scheme() + ":// to " + address.host()
                            + " would send the password and every sealed record readable on the network; use "
                            + topology.scheme().replace("redis", "rediss") + "://, or allow it explicitly with "
                            + "RedisStoreConfig.custom().allowPlaintextToRemoteHost(true)");
                }
                log.warn("connecting to {} without TLS: its traffic, including the password, can be read on the network",
                        config.redactedUri());
                return;
            }
        }
    }
}

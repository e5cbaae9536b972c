package io.sealedsession.redis.spi;

import io.sealedsession.redis.RedisAddress;
import io.sealedsession.redis.RedisStoreConfig;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one transport rule of every adapter, for the hosts a configuration names and for those a
 * Cluster or the Sentinels announce later: TLS material without TLS is a mistake; plaintext to a
 * host that is not loopback is refused unless
 * {@link RedisStoreConfig.Builder#allowPlaintextToRemoteHost(boolean)} allows it, and then logged
 * as a warning, once per host. With TLS every host passes: its certificate and name are verified
 * instead. Thread-safe.
 */
public final class TransportPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(TransportPolicy.class);

    private final boolean tls;
    private final boolean remoteAllowed;
    private final String scheme;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    TransportPolicy(boolean tls, boolean remoteAllowed, String scheme) {
        this.tls = tls;
        this.remoteAllowed = remoteAllowed;
        this.scheme = scheme;
    }

    /** Whether connections use TLS. */
    public boolean tls() {
        return tls;
    }

    /**
     * Checks the hosts of the configuration before anything connects.
     *
     * @throws IllegalArgumentException saying what to do instead, without any password
     */
    static void checkConfigured(RedisStoreConfig config, TransportPolicy policy) {
        if (policy.tls) {
            return;
        }
        if (config.trustStore().isPresent() || config.keyStore().isPresent()) {
            throw new IllegalArgumentException("a trust store or key store was given, but " + config.redactedUri()
                    + " does not use TLS; use " + tlsScheme(policy.scheme) + "://");
        }
        for (RedisAddress address : config.topology().addresses()) {
            if (!address.isLoopback() && !policy.remoteAllowed) {
                throw new IllegalArgumentException("plaintext " + policy.scheme + ":// to " + address.host()
                        + " would send the password and every sealed record readable on the network; use "
                        + tlsScheme(policy.scheme) + "://, or allow it explicitly with "
                        + "RedisStoreConfig.custom().allowPlaintextToRemoteHost(true)");
            }
            policy.refusal(address.host(), address.isLoopback(), address.toString());
        }
    }

    /**
     * Whether a plaintext connection to a host may be opened: null when it may, otherwise why
     * not (for the client's connect failure; the refusal is also logged as an error). For a
     * host the deployment announced, or one about to be connected to. A name counts as remote
     * without a DNS lookup.
     */
    public @Nullable String check(String host, int port) {
        return refusal(host, RedisAddress.isLoopback(host), new RedisAddress(host, port).toString());
    }

    /**
     * {@link #check(String, int)} for an address as a client connects to it: one that is
     * resolved counts as loopback when its IP address is.
     */
    public @Nullable String check(InetSocketAddress address) {
        boolean loopback = address.getAddress() != null ? address.getAddress().isLoopbackAddress()
                : RedisAddress.isLoopback(address.getHostString());
        return refusal(address.getHostString(), loopback, address.getHostString() + ":" + address.getPort());
    }

    private @Nullable String refusal(String host, boolean loopback, String shown) {
        if (tls || loopback) {
            return null;
        }
        if (!remoteAllowed) {
            LOG.error("refused a plaintext connection to {}: it is not a loopback host; use TLS, or allow plaintext to "
                    + "remote hosts explicitly", shown);
            return "plaintext connection to the non-loopback host " + shown
                    + " refused; use TLS or allowPlaintextToRemoteHost(true)";
        }
        if (warned.add(host)) {
            LOG.warn("connecting to {} without TLS: its traffic, including the password, can be read on the network", shown);
        }
        return null;
    }

    private static String tlsScheme(String scheme) {
        return scheme.replace("redis", "rediss");
    }
}

package io.sealedsession.tests.redis;

import io.sealedsession.redis.RedisStoreConfig;
import java.util.List;
import java.util.Objects;

/**
 * One {@link RedisSetup} on one {@link ServerImplementation}: the set-up's servers, started once
 * per JVM for each server program, and the configuration an application writes for them.
 *
 * @param setup the set-up: plain, TLS, ACL, Cluster, Sentinel, ...
 * @param implementation the server program every process of the set-up runs
 */
public record Deployment(RedisSetup setup, ServerImplementation implementation) {

    /** Checks both parts. */
    public Deployment {
        Objects.requireNonNull(setup, "setup");
        Objects.requireNonNull(implementation, "implementation");
    }

    /** The configuration an application on this deployment uses, for the named client. */
    public RedisStoreConfig config(String client) {
        return setup.config(client, implementation);
    }

    /** The server this deployment runs on; for a Cluster or Sentinel set-up, the (first) master. */
    public RedisServer server() {
        return masters().get(0);
    }

    /** Every master as it is now: one server, the Cluster's three masters, or the Sentinels' master. */
    public List<RedisServer> masters() {
        return setup.masters(implementation);
    }

    /** The Cluster of a Cluster set-up. */
    public RedisCluster cluster() {
        return setup.cluster(implementation);
    }

    /** The Sentinel set of a Sentinel set-up. */
    public RedisSentinelSet sentinelSet() {
        return setup.sentinelSet(implementation);
    }

    /** A plain connection as the default user to the (first) master, for inspection and clean-up. */
    public RespConnection admin() {
        return RespConnection.to(server());
    }

    /** {@code <set-up> on <server>}, such as {@code cluster-tls-acl on valkey}. */
    @Override
    public String toString() {
        return setup.label() + " on " + implementation.label();
    }
}

package io.sealedsession.redis;

import io.sealedsession.redis.internal.RedisUris;
import java.util.List;
import java.util.Objects;

/**
 * Which Redis deployment a {@link RedisStoreConfig} points at, parsed from its URI once and the same
 * for every client adapter: a single server, a Redis Cluster, or a master found through Sentinel.
 * It holds no credentials; {@link RedisStoreConfig#credentials()} has those.
 *
 * <table>
 *   <caption>URIs</caption>
 *   <tr><td>{@link Standalone}</td><td>{@code redis://[[user]:password@]host[:port][/database]}, {@code rediss://} for TLS</td></tr>
 *   <tr><td>{@link Cluster}</td><td>{@code redis-cluster://[[user]:password@]host:port[,host:port...]}, {@code rediss-cluster://} for TLS</td></tr>
 *   <tr><td>{@link Sentinel}</td><td>{@code redis-sentinel://[[user]:password@]host:port[,host:port...][/database]#master}, {@code rediss-sentinel://} for TLS</td></tr>
 * </table>
 *
 * <p>Ports default to 6379, and to 26379 for Sentinels. IPv6 literals go in brackets. User and
 * password are percent-decoded; a user-info part without a colon is a password for the
 * {@code default} user. In Cluster and Sentinel URIs the credentials are those of the data nodes
 * (every master and replica); Sentinels themselves take theirs from
 * {@link RedisStoreConfig.Builder#sentinelCredentials}. A standalone URI may carry a query, which
 * is left to the client adapter (Lettuce reads options such as {@code verifyPeer} from it; the
 * store's own settings win); Cluster and Sentinel URIs take none, so that no setting is silently
 * ignored by one adapter and honoured by another.
 *
 * <p>{@code rediss-*} means TLS to every node: seeds, discovered nodes, Sentinels and the masters
 * they name, each verified against its certificate and host name. Plaintext is allowed only to
 * loopback hosts unless {@link RedisStoreConfig.Builder#allowPlaintextToRemoteHost} says
 * otherwise, and the rule applies to every node a client connects to, including those a Cluster or
 * Sentinel announces later. Immutable and thread-safe.
 */
public sealed interface RedisTopology permits RedisTopology.Standalone, RedisTopology.Cluster, RedisTopology.Sentinel {

    /** Whether every connection, to data nodes and Sentinels alike, uses TLS. */
    boolean tls();

    /** The addresses the URI names: the server, the Cluster's seed nodes, or the Sentinels. Never empty. */
    List<RedisAddress> addresses();

    /** The URI scheme, such as {@code rediss-cluster}. */
    String scheme();

    /**
     * Parses a Redis URI of any of the forms above.
     *
     * @throws IllegalArgumentException when it is none of them; the message never contains the URI's
     *     user-info part or query, and there is no cause (parsers quote their input)
     */
    static RedisTopology parse(String uri) {
        return RedisUris.parse(uri).topology();
    }

    /**
     * One Redis server (which may itself be a replica set's master behind a fixed address).
     *
     * @param server its address
     * @param database the database number, 0 unless the URI's path names another
     * @param tls {@code rediss://}
     */
    record Standalone(RedisAddress server, int database, boolean tls) implements RedisTopology {

        /** Validates the components: a server, and a database number of at least 0. */
        public Standalone {
            Objects.requireNonNull(server, "server");
            if (database < 0) {
                throw new IllegalArgumentException("a database number is not negative, but was " + database);
            }
        }

        @Override
        public List<RedisAddress> addresses() {
            return List.of(server);
        }

        @Override
        public String scheme() {
            return tls ? "rediss" : "redis";
        }
    }

    /**
     * A Redis Cluster. The client learns the other nodes and the slot map from the seeds, follows
     * {@code MOVED}/{@code ASK} redirects, and refreshes the map as slots move and replicas are
     * promoted. A Cluster has only database 0.
     *
     * @param seeds the nodes to ask first; any one that answers is enough
     * @param tls {@code rediss-cluster://}
     */
    record Cluster(List<RedisAddress> seeds, boolean tls) implements RedisTopology {

        /** Copies the seeds; there is at least one. */
        public Cluster {
            seeds = List.copyOf(seeds);
            if (seeds.isEmpty()) {
                throw new IllegalArgumentException("a Redis Cluster URI names at least one seed node");
            }
        }

        @Override
        public List<RedisAddress> addresses() {
            return seeds;
        }

        @Override
        public String scheme() {
            return tls ? "rediss-cluster" : "redis-cluster";
        }
    }

    /**
     * A master and its replicas, monitored by Sentinels: the client asks the Sentinels for the
     * master's address, and asks again when they announce a failover.
     *
     * @param sentinels the Sentinels to ask; any one that answers is enough
     * @param masterName the name the Sentinels monitor the master under
     * @param database the database number on the master
     * @param tls {@code rediss-sentinel://}: TLS to the Sentinels and to the data nodes
     */
    record Sentinel(List<RedisAddress> sentinels, String masterName, int database, boolean tls) implements RedisTopology {

        /** Copies the Sentinels; there is at least one, and a master name. */
        public Sentinel {
            sentinels = List.copyOf(sentinels);
            Objects.requireNonNull(masterName, "masterName");
            if (sentinels.isEmpty()) {
                throw new IllegalArgumentException("a Redis Sentinel URI names at least one Sentinel");
            }
            if (masterName.isBlank()) {
                throw new IllegalArgumentException("a Redis Sentinel URI names the master after '#', such as #mymaster");
            }
            if (database < 0) {
                throw new IllegalArgumentException("a database number is not negative, but was " + database);
            }
        }

        @Override
        public List<RedisAddress> addresses() {
            return sentinels;
        }

        @Override
        public String scheme() {
            return tls ? "rediss-sentinel" : "redis-sentinel";
        }
    }
}

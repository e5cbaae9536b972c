package io.sealedsession.tests.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A master, its replica and three Sentinels (quorum 2) of the test's own, five {@code redis-server}
 * processes on free loopback ports, ready when every Sentinel knows the master, its replica and the
 * other Sentinels, and the replica is in sync.
 *
 * <pre>{@code
 * try (RedisSentinelSet set = RedisSentinelSet.builder().start()) {
 *     String uri = set.uri(); // redis-sentinel://127.0.0.1:<s1>,127.0.0.1:<s2>,127.0.0.1:<s3>#kitmaster
 *     RedisServer promoted = set.killMasterAndAwaitFailover();
 * }
 * }</pre>
 *
 * <p>Tuned for tests that break it: a master is considered down after 1 s
 * ({@code down-after-milliseconds}), a failover may take 3 s ({@code failover-timeout}), full
 * syncs start at once. With {@link Builder#tls}, data nodes and Sentinels also listen with TLS,
 * replication and the Sentinels' own connections use it ({@code tls-replication yes}), and the
 * Sentinels report the TLS ports; the fixture itself uses the plain ports. With
 * {@link Builder#sentinelPassword}, the Sentinels require that password from clients and from each
 * other.
 *
 * <p>A Sentinel allows one failover of a master per twice the failover timeout (6 s here); tests
 * that fail over twice wait that long in between. Every process is ended by {@link #close()} and
 * by the JVM's shutdown hook. Not thread-safe.
 */
public final class RedisSentinelSet implements AutoCloseable {

    /** The name the Sentinels monitor the master under. */
    public static final String MASTER_NAME = "kitmaster";

    private static final Duration READY = Duration.ofSeconds(30);

    private final RedisServer first;
    private final RedisServer second;
    private final List<RedisServer> sentinels;
    private final boolean tls;
    private final @Nullable String sentinelPassword;

    private RedisSentinelSet(RedisServer first, RedisServer second, List<RedisServer> sentinels, boolean tls,
            @Nullable String sentinelPassword) {
        this.first = first;
        this.second = second;
        this.sentinels = List.copyOf(sentinels);
        this.tls = tls;
        this.sentinelPassword = sentinelPassword;
    }

    /** A builder of a set: plaintext, no password, unless told otherwise. */
    public static Builder builder() {
        return new Builder();
    }

    /** The two data nodes, the initial master first. */
    public List<RedisServer> dataNodes() {
        return List.of(first, second);
    }

    /** The Sentinels watching the data nodes. */
    public List<RedisServer> sentinels() {
        return sentinels;
    }

    /** Whether every connection of the set, replication included, is TLS. */
    public boolean tls() {
        return tls;
    }

    /** The URI a client uses, without credentials: the three Sentinels and {@code #kitmaster}. */
    public String uri() {
        return (tls ? "rediss-sentinel://" : "redis-sentinel://") + sentinels.stream()
                .map(s -> "127.0.0.1:" + (tls ? s.tlsPort() : s.port()))
                .collect(Collectors.joining(",")) + "#" + MASTER_NAME;
    }

    /** The data node the Sentinels name as master now. */
    public RedisServer master() {
        try (RespConnection sentinel = sentinelAdmin(runningSentinel())) {
            List<?> address = (List<?>) sentinel.call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME);
            int port = Integer.parseInt(RedisSentinelSet.text(Objects.requireNonNull(address).get(1)));
            return byPort(port);
        }
    }

    /** The data node that is not {@link #master()}. */
    public RedisServer replica() {
        RedisServer master = master();
        return master.equals(first) ? second : first;
    }

    /** A plain connection as the default user to a data node. */
    public RespConnection admin(RedisServer dataNode) {
        return RespConnection.to(dataNode);
    }

    /**
     * Kills the master (SIGKILL) and waits until the Sentinels promoted the replica and it accepts
     * writes.
     *
     * @return the new master
     */
    public RedisServer killMasterAndAwaitFailover() {
        RedisServer master = master();
        RedisServer replica = master.equals(first) ? second : first;
        master.kill();
        awaitMaster(replica);
        return replica;
    }

    /**
     * {@code SENTINEL FAILOVER}: the Sentinels promote the replica without waiting for the master
     * to fail, and turn the old master into its replica. Returns when that is done.
     *
     * @return the new master
     */
    public RedisServer failover() {
        RedisServer replica = replica();
        try (RespConnection sentinel = sentinelAdmin(runningSentinel())) {
            sentinel.call("SENTINEL", "FAILOVER", MASTER_NAME);
        }
        awaitMaster(replica);
        awaitHealthy();
        return replica;
    }

    /**
     * Starts a killed data node again and makes it the current master's replica at once, as an
     * operator's runbook would: the Sentinels would do the same, but only some ten seconds after
     * they see it again, and until then it is an empty master (no persistence) that no client
     * should reach. Returns when it is in sync and every Sentinel sees it as the replica.
     */
    public void restart(RedisServer dataNode) {
        dataNode.start();
        RedisServer master = master();
        if (!master.equals(dataNode)) {
            try (RespConnection admin = admin(dataNode)) {
                admin.call("REPLICAOF", "127.0.0.1", Integer.toString(tls ? master.tlsPort() : master.port()));
            }
        }
        awaitHealthy();
    }

    /** {@code FLUSHALL} on the master. */
    public void flushAll() {
        try (RespConnection admin = admin(master())) {
            admin.call("FLUSHALL");
        }
    }

    /**
     * Waits until every Sentinel names the same master, which has one online replica, and knows
     * the other two Sentinels.
     */
    public void awaitHealthy() {
        Waits.until("a healthy Sentinel set", READY, this::healthy, this::describe);
    }

    /** What the first running Sentinel knows, for failure messages. */
    public String describe() {
        try (RespConnection sentinel = sentinelAdmin(runningSentinel())) {
            return String.valueOf(sentinel.info("sentinel")) + "\nmaster " + master() + ", nodes " + dataNodes();
        }
    }

    @Override
    public void close() {
        sentinels.forEach(RedisServer::close);
        first.close();
        second.close();
    }

    @Override
    public String toString() {
        return "RedisSentinelSet[" + uri() + "]";
    }

    private RespConnection sentinelAdmin(RedisServer sentinel) {
        RespConnection connection = RespConnection.to(sentinel);
        if (sentinelPassword != null) {
            connection.call("AUTH", sentinelPassword);
        }
        return connection;
    }

    private RedisServer runningSentinel() {
        return sentinels.stream().filter(RedisServer::isRunning).findFirst()
                .orElseThrow(() -> new IllegalStateException("no Sentinel is running"));
    }

    private RedisServer byPort(int port) {
        for (RedisServer node : List.of(first, second)) {
            if (node.port() == port || (tls && node.tlsPort() == port)) {
                return node;
            }
        }
        throw new IllegalStateException("the Sentinels name a master on port " + port + ", which is not a node of this set");
    }

    private boolean healthy() {
        RedisServer master = null;
        for (RedisServer sentinel : sentinels) {
            try (RespConnection admin = sentinelAdmin(sentinel)) {
                List<?> address = (List<?>) admin.call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME);
                RedisServer named = byPort(Integer.parseInt(text(Objects.requireNonNull(address).get(1))));
                if (master != null && !master.equals(named)) {
                    return false;
                }
                master = named;
                Map<String, String> state = pairs((List<?>) admin.call("SENTINEL", "MASTER", MASTER_NAME));
                if (!state.get("flags").equals("master") || !state.get("num-slaves").equals("1")
                        || !state.get("num-other-sentinels").equals("2")) {
                    return false;
                }
                // The replica's own link is checked on the data nodes below: Sentinels refresh what
                // they know of a replica only every 10 s outside a failover.
                List<?> replicas = (List<?>) admin.call("SENTINEL", "REPLICAS", MASTER_NAME);
                for (Object replica : Objects.requireNonNull(replicas)) {
                    if (!pairs((List<?>) replica).get("flags").equals("slave")) {
                        return false;
                    }
                }
            }
        }
        RedisServer current = Objects.requireNonNull(master);
        try (RespConnection admin = admin(current)) {
            Map<String, String> replication = admin.info("replication");
            if (!replication.get("role").equals("master") || !"1".equals(replication.get("connected_slaves"))
                    || !replication.getOrDefault("slave0", "").contains("state=online")) {
                return false;
            }
        }
        try (RespConnection admin = admin(current.equals(first) ? second : first)) {
            return "up".equals(admin.info("replication").get("master_link_status"));
        }
    }

    private void awaitMaster(RedisServer promoted) {
        Waits.until(promoted + " promoted by every Sentinel", READY, () -> {
            for (RedisServer sentinel : sentinels) {
                try (RespConnection admin = sentinelAdmin(sentinel)) {
                    List<?> address = (List<?>) admin.call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME);
                    if (!byPort(Integer.parseInt(text(Objects.requireNonNull(address).get(1)))).equals(promoted)) {
                        return false;
                    }
                }
            }
            try (RespConnection admin = admin(promoted)) {
                return admin.info("replication").get("role").equals("master");
            }
        }, this::describe);
    }

    private static Map<String, String> pairs(List<?> flat) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            map.put(text(flat.get(i)), text(flat.get(i + 1)));
        }
        return map;
    }

    private static String text(Object bulk) {
        return bulk instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8) : String.valueOf(bulk);
    }

    /** Configures and starts a {@link RedisSentinelSet}. */
    public static final class Builder {

        private @Nullable TlsMaterial tls;
        private @Nullable String sentinelPassword;
        private final List<String> config = new ArrayList<>();

        private ServerImplementation implementation = ServerImplementation.REDIS;

        private Builder() {}

        /** The server program every process runs. Default {@link ServerImplementation#REDIS}. */
        public Builder implementation(ServerImplementation implementation) {
            this.implementation = Objects.requireNonNull(implementation, "implementation");
            return this;
        }

        /**
         * TLS for clients, replication and the Sentinels, with certificates from {@code material}
         * (made with {@link TlsMaterial#generate(java.nio.file.Path, boolean)} for a deployment).
         */
        public Builder tls(TlsMaterial material) {
            this.tls = Objects.requireNonNull(material, "material");
            return this;
        }

        /** The Sentinels require this password ({@code requirepass}) and use it with each other. */
        public Builder sentinelPassword(String password) {
            this.sentinelPassword = Objects.requireNonNull(password, "password");
            return this;
        }

        /** Lines of {@code redis.conf} for both data nodes, such as ACL users. */
        public Builder config(String... lines) {
            config.addAll(List.of(lines));
            return this;
        }

        /**
         * Starts the data nodes and the Sentinels and waits until the Sentinels agree on the master.
         *
         * @return the running set; closing it stops every process
         */
        public RedisSentinelSet start() {
            List<String> common = new ArrayList<>(List.of("repl-diskless-sync yes", "repl-diskless-sync-delay 0"));
            if (tls != null) {
                common.addAll(tls.serverConfig());
                common.add("tls-auth-clients optional");
                common.add("tls-replication yes");
            }
            List<RedisServer> started = new ArrayList<>();
            try {
                List<String> masterConfig = new ArrayList<>(common);
                masterConfig.addAll(config);
                RedisServer first = data(masterConfig);
                started.add(first);
                int masterPort = tls != null ? first.tlsPort() : first.port();
                List<String> replicaConfig = new ArrayList<>(masterConfig);
                replicaConfig.add("replicaof 127.0.0.1 " + masterPort);
                RedisServer second = data(replicaConfig);
                started.add(second);
                List<RedisServer> sentinels = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    List<String> lines = new ArrayList<>();
                    if (tls != null) {
                        lines.addAll(tls.serverConfig());
                        lines.add("tls-auth-clients optional");
                        lines.add("tls-replication yes");
                    }
                    if (sentinelPassword != null) {
                        lines.add("requirepass " + sentinelPassword);
                        lines.add("sentinel sentinel-pass " + sentinelPassword);
                    }
                    lines.add("sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + masterPort + " 2");
                    lines.add("sentinel down-after-milliseconds " + MASTER_NAME + " 1000");
                    lines.add("sentinel failover-timeout " + MASTER_NAME + " 3000");
                    lines.add("sentinel parallel-syncs " + MASTER_NAME + " 1");
                    RedisServer.Builder sentinel = RedisServer.builder().implementation(implementation).sentinel().config(lines.toArray(String[]::new));
                    if (tls != null) {
                        sentinel.tlsPort();
                    }
                    RedisServer s = sentinel.start();
                    started.add(s);
                    sentinels.add(s);
                }
                RedisSentinelSet set = new RedisSentinelSet(first, second, sentinels, tls != null, sentinelPassword);
                set.awaitHealthy();
                return set;
            } catch (RuntimeException e) {
                started.forEach(RedisServer::close);
                throw e;
            }
        }

        private RedisServer data(List<String> lines) {
            RedisServer.Builder node = RedisServer.builder().implementation(implementation).config(lines.toArray(String[]::new));
            if (tls != null) {
                node.tlsPort();
            }
            return node.start();
        }
    }
}

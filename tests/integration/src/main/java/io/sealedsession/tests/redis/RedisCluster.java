package io.sealedsession.tests.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A Redis Cluster of the test's own: 3 masters and 3 replicas, six {@code redis-server} processes
 * on free loopback ports, built over plain RESP connections ({@code CLUSTER ADDSLOTSRANGE},
 * {@code MEET}, {@code REPLICATE}) and ready when every node reports {@code cluster_state:ok} and
 * every replica is in sync.
 *
 * <pre>{@code
 * try (RedisCluster cluster = RedisCluster.builder().start()) {
 *     String uri = cluster.uri(); // redis-cluster://127.0.0.1:<p1>,127.0.0.1:<p2>,127.0.0.1:<p3>
 *     RedisServer promoted = cluster.killMasterAndAwaitPromotion(cluster.masterForKey("ss:s:{abc}"));
 * }
 * }</pre>
 *
 * <p>Nodes start as masters 0 to 2 (slots 0-5460, 5461-10922, 10923-16383) with replicas 3 to 5
 * (node {@code 3 + i} replicates node {@code i}); roles change with failovers, so ask
 * {@link #masters()} rather than remembering indexes. The Cluster is tuned for tests that break it:
 * {@code cluster-node-timeout} 1 s by default, a replica may always be promoted whatever its
 * replication lag ({@code cluster-replica-validity-factor 0}), replicas never move to another master,
 * full syncs start at once ({@code repl-diskless-sync-delay 0}), and the slots of a failed master do
 * not stop the others ({@code cluster-require-full-coverage no}).
 *
 * <p>With {@link Builder#tls}, every node also listens with TLS, and the Cluster bus and
 * replication use TLS too ({@code tls-cluster yes}, {@code tls-replication yes}); TLS clients are
 * told the nodes' TLS ports, plaintext clients (the fixture's own) their plain ports.
 *
 * <p>Every process is ended by {@link #close()} and, should the test not get there, by the JVM's
 * shutdown hook (see {@link RedisServer}). Not thread-safe: one test thread drives a Cluster.
 */
public final class RedisCluster implements AutoCloseable {

    /** The slots of each initial master. */
    private static final int[][] RANGES = {{0, 5460}, {5461, 10922}, {10923, 16383}};
    private static final Duration READY = Duration.ofSeconds(30);

    private final List<RedisServer> nodes;
    private final Map<RedisServer, String> ids = new ConcurrentHashMap<>();
    private final boolean tls;

    private RedisCluster(List<RedisServer> nodes, boolean tls) {
        this.nodes = List.copyOf(nodes);
        this.tls = tls;
    }

    /** A builder: plaintext, node timeout 1 s, no extra configuration. */
    public static Builder builder() {
        return new Builder();
    }

    /** All six nodes, in the order they were created. */
    public List<RedisServer> nodes() {
        return nodes;
    }

    /** Whether clients connect with TLS ({@link Builder#tls}). */
    public boolean tls() {
        return tls;
    }

    /**
     * The URI a client uses: the three initial masters as seeds, {@code redis-cluster://} on their
     * plain ports, or {@code rediss-cluster://} on their TLS ports. Without credentials.
     */
    public String uri() {
        return (tls ? "rediss-cluster://" : "redis-cluster://") + nodes.subList(0, 3).stream()
                .map(n -> "127.0.0.1:" + clientPort(n))
                .collect(Collectors.joining(","));
    }

    /** The port a client of this Cluster uses for {@code node}: its TLS port with TLS, else its plain port. */
    public int clientPort(RedisServer node) {
        return tls ? node.tlsPort() : node.port();
    }

    /** The node's Cluster id. */
    public String id(RedisServer node) {
        return ids.computeIfAbsent(node, n -> {
            try (RespConnection admin = RespConnection.to(n)) {
                return Objects.requireNonNull(admin.callString("CLUSTER", "MYID"));
            }
        });
    }

    /** A plain connection as the default user to one node, for inspection and administration. */
    public RespConnection admin(RedisServer node) {
        return RespConnection.to(node);
    }

    /** The current masters that serve slots, as a running node sees them, in creation order. */
    public List<RedisServer> masters() {
        List<RedisServer> masters = new ArrayList<>();
        for (NodeView view : view()) {
            if (view.master() && !view.failed() && !view.slots().isEmpty()) {
                masters.add(view.server());
            }
        }
        masters.sort((a, b) -> Integer.compare(nodes.indexOf(a), nodes.indexOf(b)));
        return masters;
    }

    /** The running replica of {@code master}, or null when it has none. */
    public @Nullable RedisServer replicaOf(RedisServer master) {
        String masterId = id(master);
        for (NodeView view : view()) {
            if (!view.master() && masterId.equals(view.masterId()) && !view.failed() && view.server().isRunning()) {
                return view.server();
            }
        }
        return null;
    }

    /** The slot of a key, as Redis computes it (hash tags included). */
    public int slot(String key) {
        try (RespConnection admin = admin(anyRunning())) {
            return (int) admin.callLong("CLUSTER", "KEYSLOT", key);
        }
    }

    /** The master that currently serves {@code slot}. */
    public RedisServer masterOfSlot(int slot) {
        for (NodeView view : view()) {
            if (view.master() && !view.failed() && view.slots().contains(slot)) {
                return view.server();
            }
        }
        throw new IllegalStateException("no master serves slot " + slot + ":\n" + describe());
    }

    /** The master that currently serves the slot of {@code key}. */
    public RedisServer masterForKey(String key) {
        return masterOfSlot(slot(key));
    }

    /** The slots {@code master} serves now. */
    public Set<Integer> slotsOf(RedisServer master) {
        for (NodeView view : view()) {
            if (view.server().equals(master)) {
                return view.slots();
            }
        }
        return Set.of();
    }

    /**
     * Kills {@code master} (SIGKILL) and waits until its replica was promoted and every running
     * node reports {@code cluster_state:ok} again.
     *
     * @return the promoted replica
     */
    public RedisServer killMasterAndAwaitPromotion(RedisServer master) {
        RedisServer replica = Objects.requireNonNull(replicaOf(master), () -> master + " has no replica to promote");
        master.kill();
        awaitMaster(replica, Duration.ofSeconds(20));
        return replica;
    }

    /**
     * A manual failover: {@code CLUSTER FAILOVER} on the master's replica, which takes over once
     * it has every write of the master. Returns when every node sees the replica as master.
     *
     * @return the promoted replica, now a master; the old master is its replica
     */
    public RedisServer failover(RedisServer master) {
        RedisServer replica = Objects.requireNonNull(replicaOf(master), () -> master + " has no replica to promote");
        try (RespConnection admin = admin(replica)) {
            admin.call("CLUSTER", "FAILOVER");
        }
        awaitMaster(replica, Duration.ofSeconds(20));
        awaitHealthy();
        return replica;
    }

    /**
     * Starts a killed or stopped node again on its port. It rejoins with its Cluster identity
     * (kept in its {@code nodes.conf}) but without data (no persistence): a former master whose
     * replica took over becomes that replica's replica and copies its data. Returns when the
     * Cluster is healthy again.
     */
    public void restart(RedisServer node) {
        node.start();
        awaitHealthy();
    }

    /**
     * Moves slots {@code first} to {@code last} (inclusive), which {@code source} serves, to
     * {@code target}, slot by slot as {@code redis-cli --cluster reshard} does: mark the slot
     * importing on the target and migrating on the source, {@code MIGRATE} its keys in batches,
     * then give it to the target on both and on every other master. Clients see {@code ASK}
     * redirects for keys already moved while a slot migrates, and {@code MOVED} once it has.
     *
     * @return how many keys moved
     */
    public long migrateSlots(RedisServer source, RedisServer target, int first, int last) {
        String sourceId = id(source);
        String targetId = id(target);
        long moved = 0;
        try (RespConnection from = admin(source); RespConnection to = admin(target)) {
            List<RespConnection> others = new ArrayList<>();
            for (RedisServer master : masters()) {
                if (!master.equals(source) && !master.equals(target)) {
                    others.add(admin(master));
                }
            }
            try {
                for (int slot = first; slot <= last; slot++) {
                    to.call("CLUSTER", "SETSLOT", slot, "IMPORTING", sourceId);
                    from.call("CLUSTER", "SETSLOT", slot, "MIGRATING", targetId);
                    while (true) {
                        List<?> keys = (List<?>) from.call("CLUSTER", "GETKEYSINSLOT", slot, "100");
                        if (keys == null || keys.isEmpty()) {
                            break;
                        }
                        List<Object> migrate = new ArrayList<>(List.of("MIGRATE", "127.0.0.1",
                                // MIGRATE travels over the Cluster's transport, so TLS when the bus uses it.
                                Integer.toString(tls ? target.tlsPort() : target.port()), "", "0", "5000", "KEYS"));
                        migrate.addAll(keys);
                        from.call(migrate.toArray());
                        moved += keys.size();
                    }
                    to.call("CLUSTER", "SETSLOT", slot, "NODE", targetId);
                    from.call("CLUSTER", "SETSLOT", slot, "NODE", targetId);
                    for (RespConnection other : others) {
                        other.call("CLUSTER", "SETSLOT", slot, "NODE", targetId);
                    }
                }
            } finally {
                others.forEach(RespConnection::close);
            }
        }
        awaitHealthy();
        return moved;
    }

    /** {@code FLUSHALL} on every master, which replicates it. */
    public void flushAll() {
        for (RedisServer master : masters()) {
            try (RespConnection admin = admin(master)) {
                admin.call("FLUSHALL");
            }
        }
    }

    /**
     * Waits until every running node reports {@code cluster_state:ok} and sees the same three
     * masters, each with a replica that is online and whose link is up.
     */
    public void awaitHealthy() {
        Waits.until("a healthy Cluster", READY, this::healthy, this::describe);
    }

    /** The Cluster as a running node sees it, for failure messages. */
    public String describe() {
        try (RespConnection admin = admin(anyRunning())) {
            return admin.callString("CLUSTER", "NODES");
        }
    }

    /** Ends every node and deletes their directories. */
    @Override
    public void close() {
        for (RedisServer node : nodes) {
            node.close();
        }
    }

    @Override
    public String toString() {
        return "RedisCluster[" + uri() + "]";
    }

    // ---- the fixture's own view of the Cluster --------------------------------------------------

    private record NodeView(RedisServer server, String id, boolean master, boolean failed, @Nullable String masterId,
            Set<Integer> slots) {}

    private RedisServer anyRunning() {
        return nodes.stream().filter(RedisServer::isRunning).findFirst()
                .orElseThrow(() -> new IllegalStateException("no node of the Cluster is running"));
    }

    /** CLUSTER NODES from a running node that is not failed, parsed. */
    private List<NodeView> view() {
        try (RespConnection admin = admin(anyRunning())) {
            return parse(Objects.requireNonNull(admin.callString("CLUSTER", "NODES")));
        }
    }

    private List<NodeView> parse(String clusterNodes) {
        List<NodeView> views = new ArrayList<>();
        for (String line : clusterNodes.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.trim().split(" ");
            String address = fields[1];
            int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1, address.indexOf('@')));
            RedisServer server = byPort(port);
            if (server == null) {
                continue;
            }
            List<String> flags = List.of(fields[2].split(","));
            Set<Integer> slots = new java.util.TreeSet<>();
            for (int i = 8; i < fields.length; i++) {
                String range = fields[i];
                if (range.startsWith("[")) {
                    continue; // a slot being migrated or imported: it still belongs to its owner
                }
                int dash = range.indexOf('-');
                int from = Integer.parseInt(dash < 0 ? range : range.substring(0, dash));
                int to = dash < 0 ? from : Integer.parseInt(range.substring(dash + 1));
                for (int slot = from; slot <= to; slot++) {
                    slots.add(slot);
                }
            }
            ids.putIfAbsent(server, fields[0]);
            views.add(new NodeView(server, fields[0], flags.contains("master"),
                    flags.contains("fail") || flags.contains("fail?") || flags.contains("noaddr"),
                    fields[3].equals("-") ? null : fields[3], Collections.unmodifiableSet(slots)));
        }
        return views;
    }

    private @Nullable RedisServer byPort(int port) {
        for (RedisServer node : nodes) {
            if (node.port() == port || (tls && node.tlsPort() == port)) {
                return node;
            }
        }
        return null;
    }

    /** How many distinct nodes, masters and replicas, this node's {@code CLUSTER SLOTS} names. */
    private static int slotMapNodes(RespConnection admin) {
        java.util.Set<String> named = new java.util.HashSet<>();
        for (Object range : (List<?>) Objects.requireNonNull(admin.call("CLUSTER", "SLOTS"))) {
            List<?> entry = (List<?>) range;
            for (Object node : entry.subList(2, entry.size())) {
                List<?> address = (List<?>) node;
                named.add(new String((byte[]) address.get(0), java.nio.charset.StandardCharsets.UTF_8) + ":" + address.get(1));
            }
        }
        return named.size();
    }

    private boolean healthy() {
        for (RedisServer node : nodes) {
            if (!node.isRunning()) {
                return false;
            }
            try (RespConnection admin = admin(node)) {
                if (!"ok".equals(clusterState(admin))) {
                    return false;
                }
                List<NodeView> views = parse(Objects.requireNonNull(admin.callString("CLUSTER", "NODES")));
                long masters = views.stream().filter(v -> v.master() && !v.failed() && !v.slots().isEmpty()).count();
                // Every other node known in its role too: a replica this node still sees as a master
                // without slots is missing from its CLUSTER SLOTS, so a client that reads the slot
                // map there would not know it (and would not load scripts on it).
                long replicas = views.stream().filter(v -> !v.master() && v.masterId() != null).count();
                if (views.size() != nodes.size() || masters != 3 || replicas != nodes.size() - 3
                        || views.stream().anyMatch(NodeView::failed)) {
                    return false;
                }
                // A replica that has not finished its first sync is left out of CLUSTER SLOTS, the
                // slot map some clients (Jedis) learn the nodes from.
                if (slotMapNodes(admin) != nodes.size()) {
                    return false;
                }
                Map<String, String> replication = admin.info("replication");
                if (replication.get("role").equals("master")) {
                    if (!"1".equals(replication.get("connected_slaves"))
                            || !replication.getOrDefault("slave0", "").contains("state=online")) {
                        return false;
                    }
                } else if (!"up".equals(replication.get("master_link_status"))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static String clusterState(RespConnection admin) {
        String info = Objects.requireNonNull(admin.callString("CLUSTER", "INFO"));
        for (String line : info.split("\r\n")) {
            if (line.startsWith("cluster_state:")) {
                return line.substring("cluster_state:".length());
            }
        }
        return "unknown";
    }

    private void awaitMaster(RedisServer promoted, Duration timeout) {
        Waits.until(promoted + " promoted to master and the Cluster ok", timeout, () -> {
            for (RedisServer node : nodes) {
                if (!node.isRunning()) {
                    continue;
                }
                try (RespConnection admin = admin(node)) {
                    if (!"ok".equals(clusterState(admin))) {
                        return false;
                    }
                    boolean seenAsMaster = parse(Objects.requireNonNull(admin.callString("CLUSTER", "NODES"))).stream()
                            .anyMatch(v -> v.server().equals(promoted) && v.master() && !v.slots().isEmpty());
                    if (!seenAsMaster) {
                        return false;
                    }
                }
            }
            return true;
        }, this::describe);
    }

    private void create() {
        for (int i = 0; i < nodes.size(); i++) {
            try (RespConnection admin = admin(nodes.get(i))) {
                // Distinct epochs from the start, so that no collision has to be resolved first.
                admin.call("CLUSTER", "SET-CONFIG-EPOCH", Integer.toString(i + 1));
                if (i < 3) {
                    admin.call("CLUSTER", "ADDSLOTSRANGE", Integer.toString(RANGES[i][0]), Integer.toString(RANGES[i][1]));
                }
            }
        }
        try (RespConnection first = admin(nodes.get(0))) {
            for (RedisServer node : nodes.subList(1, nodes.size())) {
                first.call("CLUSTER", "MEET", "127.0.0.1", Integer.toString(node.port()), Integer.toString(node.clusterBusPort()));
            }
        }
        Waits.until("every node knowing every other", READY, () -> {
            for (RedisServer node : nodes) {
                try (RespConnection admin = admin(node)) {
                    String view = Objects.requireNonNull(admin.callString("CLUSTER", "NODES"));
                    if (view.lines().count() != nodes.size() || view.contains("handshake") || view.contains("noaddr")
                            || view.contains("disconnected")) {
                        return false;
                    }
                }
            }
            return true;
        }, this::describe);
        for (int i = 3; i < nodes.size(); i++) {
            String masterId = id(nodes.get(i - 3));
            try (RespConnection admin = admin(nodes.get(i))) {
                admin.call("CLUSTER", "REPLICATE", masterId);
            }
        }
        awaitHealthy();
    }

    /** Configures and starts a {@link RedisCluster}. */
    public static final class Builder {

        private @Nullable TlsMaterial tls;
        private Duration nodeTimeout = Duration.ofSeconds(1);
        private final List<String> config = new ArrayList<>();

        private ServerImplementation implementation = ServerImplementation.REDIS;

        private Builder() {}

        /** The server program every process runs. Default {@link ServerImplementation#REDIS}. */
        public Builder implementation(ServerImplementation implementation) {
            this.implementation = Objects.requireNonNull(implementation, "implementation");
            return this;
        }

        /**
         * TLS for clients, the Cluster bus and replication, with certificates from
         * {@code material} (made with {@link TlsMaterial#generate(java.nio.file.Path, boolean)} for
         * a deployment, so that nodes announced by IP verify). Clients need no certificate of
         * their own; nodes present theirs to each other.
         */
        public Builder tls(TlsMaterial material) {
            this.tls = Objects.requireNonNull(material, "material");
            return this;
        }

        /** How long a node may be silent before it is failed over. Default 1 s. */
        public Builder nodeTimeout(Duration timeout) {
            this.nodeTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** Lines of {@code redis.conf} for every node, such as ACL users. */
        public Builder config(String... lines) {
            config.addAll(List.of(lines));
            return this;
        }

        /** Starts six nodes, makes them a Cluster and waits until it is healthy. */
        public RedisCluster start() {
            List<String> lines = new ArrayList<>(List.of(
                    "cluster-enabled yes",
                    "cluster-config-file nodes.conf",
                    "cluster-node-timeout " + nodeTimeout.toMillis(),
                    "cluster-require-full-coverage no",
                    "cluster-replica-validity-factor 0",
                    "cluster-allow-replica-migration no",
                    "repl-diskless-sync yes",
                    "repl-diskless-sync-delay 0",
                    "repl-diskless-load disabled"));
            if (tls != null) {
                lines.addAll(tls.serverConfig());
                lines.add("tls-auth-clients optional");
                lines.add("tls-cluster yes");
                lines.add("tls-replication yes");
            }
            lines.addAll(config);
            List<RedisServer> started = new ArrayList<>();
            try {
                for (int i = 0; i < 6; i++) {
                    RedisServer.Builder node = RedisServer.builder().implementation(implementation).clusterBusPort().config(lines.toArray(String[]::new));
                    if (tls != null) {
                        node.tlsPort();
                    }
                    started.add(node.start());
                }
                RedisCluster cluster = new RedisCluster(started, tls != null);
                cluster.create();
                return cluster;
            } catch (RuntimeException e) {
                started.forEach(RedisServer::close);
                throw e;
            }
        }
    }
}

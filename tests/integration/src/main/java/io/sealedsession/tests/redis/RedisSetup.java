package io.sealedsession.tests.redis;

import io.sealedsession.redis.RedisSessionStore;
import io.sealedsession.redis.RedisStoreConfig;
import io.sealedsession.redis.ScriptingMode;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The server set-ups every Redis adapter is proven on. Each builds the {@link RedisStoreConfig} an
 * application would write for it; the servers are started once per JVM, on free loopback ports,
 * with certificates and passwords made at run time.
 *
 * <ul>
 *   <li>{@link #PLAIN}: the default user over plain TCP;</li>
 *   <li>{@link #TLS}: TLS with certificate and host-name verification against a test CA;</li>
 *   <li>{@link #MUTUAL_TLS}: TLS to a server that requires a client certificate;</li>
 *   <li>{@link #LEAST_PRIVILEGE_ACL}: an ACL user limited to {@code ~<ns>:*} and exactly the
 *       commands the store uses (requirement A3);</li>
 *   <li>{@link #NO_SCRIPTING}: an ACL user that may not run scripts, with the store in its mode
 *       without scripting;</li>
 *   <li>{@link #CLUSTER}: a Redis Cluster of 3 masters and 3 replicas ({@link RedisCluster}),
 *       plaintext, default user;</li>
 *   <li>{@link #CLUSTER_TLS_ACL}: another such Cluster with TLS everywhere (clients, bus,
 *       replication) and a least-privilege ACL user on every node;</li>
 *   <li>{@link #SENTINEL}: a master, a replica and 3 Sentinels ({@link RedisSentinelSet}),
 *       plaintext, default user;</li>
 *   <li>{@link #SENTINEL_TLS_ACL}: another such set with TLS everywhere, a least-privilege ACL
 *       user on the data nodes and a password on the Sentinels.</li>
 * </ul>
 *
 * <p>The Cluster and Sentinel deployments are shared by every test in the JVM that uses them and
 * must be left as found: tests that fail nodes over or move slots start deployments of their own.
 */
public enum RedisSetup {
    /** The default user over plain TCP. */
    PLAIN,
    /** TLS with certificate and host-name verification against a test CA. */
    TLS,
    /** TLS to a server that requires a client certificate. */
    MUTUAL_TLS,
    /** An ACL user limited to the namespace and the commands the store uses (A3). */
    LEAST_PRIVILEGE_ACL,
    /** An ACL user that may not run scripts, the store in its mode without scripting. */
    NO_SCRIPTING,
    /** A Redis Cluster of 3 masters and 3 replicas, plaintext, default user. */
    CLUSTER,
    /** A Cluster with TLS everywhere and a least-privilege ACL user on every node. */
    CLUSTER_TLS_ACL,
    /** A master, a replica and 3 Sentinels, plaintext, default user. */
    SENTINEL,
    /** A Sentinel set with TLS everywhere, an ACL user on the data nodes and a password on the Sentinels. */
    SENTINEL_TLS_ACL;

    /**
     * What each client sends, besides the store's own commands, to find its way around a Cluster
     * or Sentinel deployment: an ACL user there needs these too. Lettuce reads the Cluster's slot
     * map with {@code CLUSTER NODES} and {@code INFO}; behind Sentinel it needs nothing on the data
     * nodes (it logs in with {@code AUTH}, which needs no permission, and asks the Sentinels for
     * the master). Jedis reads the slot map with {@code CLUSTER SLOTS}, and behind Sentinel needs
     * nothing on the data nodes either. An adapter added to the tests adds its line here.
     */
    public static final Map<String, List<String>> TOPOLOGY_COMMANDS = Map.of(
            "lettuce", List.of("cluster|nodes", "info"),
            "jedis", List.of("cluster|slots"),
            // Redisson reads the slot map with CLUSTER NODES and opens replica connections with
            // READONLY (they take SCRIPT LOAD); behind Sentinel it needs nothing on the data nodes.
            "redisson", List.of("cluster|nodes", "readonly"));

    /** The namespace the ACL users are limited to; stores under test use it. */
    public static final String NAMESPACE = "kit";

    private static final String APP_USER = "kit-app";
    private static final String NO_SCRIPT_USER = "kit-noscript";
    private static final String PASSWORD = randomPassword();
    private static final String SENTINEL_PASSWORD = randomPassword();

    /** This set-up on {@code implementation}'s servers. */
    public Deployment on(ServerImplementation implementation) {
        return new Deployment(this, implementation);
    }

    /** Whether this set-up is a Redis Cluster. */
    public boolean isCluster() {
        return this == CLUSTER || this == CLUSTER_TLS_ACL;
    }

    /** Whether this set-up is a master with a replica behind Sentinels. */
    public boolean isSentinel() {
        return this == SENTINEL || this == SENTINEL_TLS_ACL;
    }

    /** The lower-case name used in test names and the compatibility table, such as {@code cluster-tls-acl}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** The configuration an application on this set-up uses, for the named client, on {@code redis-server}. */
    public RedisStoreConfig config(String client) {
        return on(ServerImplementation.REDIS).config(client);
    }

    /** The server this set-up runs on, on {@code redis-server}; for a Cluster or Sentinel set-up, the (first) master. */
    public RedisServer server() {
        return on(ServerImplementation.REDIS).server();
    }

    /** Every master of this set-up on {@code redis-server} as it is now (see {@link Deployment#masters()}). */
    public List<RedisServer> masters() {
        return on(ServerImplementation.REDIS).masters();
    }

    /** The Cluster of a Cluster set-up, on {@code redis-server}. */
    public RedisCluster cluster() {
        return on(ServerImplementation.REDIS).cluster();
    }

    /** The Sentinel set of a Sentinel set-up, on {@code redis-server}. */
    public RedisSentinelSet sentinelSet() {
        return on(ServerImplementation.REDIS).sentinelSet();
    }

    /** A plain connection as the default user to this set-up's (first) master on {@code redis-server}. */
    public RespConnection admin() {
        return on(ServerImplementation.REDIS).admin();
    }

    /** The configuration an application uses for the named client on this set-up on {@code implementation}. */
    RedisStoreConfig config(String client, ServerImplementation implementation) {
        Servers servers = Servers.get(implementation);
        RedisStoreConfig.Builder config = RedisStoreConfig.custom()
                .client(client)
                .namespace(NAMESPACE)
                .connectTimeout(Duration.ofSeconds(5))
                .commandTimeout(Duration.ofSeconds(5));
        switch (this) {
            case PLAIN -> config.uri(servers.main.uri());
            case TLS -> config.uri("rediss://localhost:" + servers.main.tlsPort())
                    .trustStore(servers.tls.trustStore(), servers.tls.storePassword().toCharArray());
            case MUTUAL_TLS -> config.uri("rediss://localhost:" + servers.mutualTls.tlsPort())
                    .trustStore(servers.tls.trustStore(), servers.tls.storePassword().toCharArray())
                    .keyStore(servers.tls.clientKeyStore(), servers.tls.storePassword().toCharArray());
            case LEAST_PRIVILEGE_ACL -> config.uri(servers.main.uri())
                    .credentials(APP_USER, PASSWORD.toCharArray());
            case NO_SCRIPTING -> config.uri(servers.main.uri())
                    .credentials(NO_SCRIPT_USER, PASSWORD.toCharArray())
                    .scripting(ScriptingMode.NONE);
            case CLUSTER -> config.uri(cluster(implementation).uri());
            case CLUSTER_TLS_ACL -> config.uri(cluster(implementation).uri())
                    .trustStore(DeploymentTls.MATERIAL.trustStore(), DeploymentTls.MATERIAL.storePassword().toCharArray())
                    .credentials(APP_USER, PASSWORD.toCharArray());
            case SENTINEL -> config.uri(sentinelSet(implementation).uri());
            case SENTINEL_TLS_ACL -> config.uri(sentinelSet(implementation).uri())
                    .trustStore(DeploymentTls.MATERIAL.trustStore(), DeploymentTls.MATERIAL.storePassword().toCharArray())
                    .credentials(APP_USER, PASSWORD.toCharArray())
                    .sentinelCredentials(null, SENTINEL_PASSWORD.toCharArray());
        }
        return config.build();
    }

    List<RedisServer> masters(ServerImplementation implementation) {
        return switch (this) {
            case PLAIN, TLS, LEAST_PRIVILEGE_ACL, NO_SCRIPTING -> List.of(Servers.get(implementation).main);
            case MUTUAL_TLS -> List.of(Servers.get(implementation).mutualTls);
            case CLUSTER, CLUSTER_TLS_ACL -> cluster(implementation).masters();
            case SENTINEL, SENTINEL_TLS_ACL -> List.of(sentinelSet(implementation).master());
        };
    }

    RedisCluster cluster(ServerImplementation implementation) {
        return switch (this) {
            case CLUSTER -> Shared.get(this, implementation, () -> sharedCluster(implementation).start());
            case CLUSTER_TLS_ACL -> Shared.get(this, implementation, () -> sharedCluster(implementation)
                    .tls(DeploymentTls.MATERIAL).config(deploymentAclUser()).start());
            default -> throw new IllegalStateException(this + " is not a Cluster set-up");
        };
    }

    /**
     * The shared Clusters are never failed over on purpose, so their nodes wait 5 s before they
     * call another node failed: on a busy machine a node that is merely slow to answer is then not
     * failed over under the tests (the fault tests start Clusters of their own with 1 s).
     */
    private static RedisCluster.Builder sharedCluster(ServerImplementation implementation) {
        return RedisCluster.builder().implementation(implementation).nodeTimeout(Duration.ofSeconds(5));
    }

    RedisSentinelSet sentinelSet(ServerImplementation implementation) {
        return switch (this) {
            case SENTINEL -> Shared.get(this, implementation, () -> RedisSentinelSet.builder().implementation(implementation).start());
            case SENTINEL_TLS_ACL -> Shared.get(this, implementation, () -> RedisSentinelSet.builder().implementation(implementation)
                    .tls(DeploymentTls.MATERIAL).config(deploymentAclUser()).sentinelPassword(SENTINEL_PASSWORD).start());
            default -> throw new IllegalStateException(this + " is not a Sentinel set-up");
        };
    }

    /** The ACL rule of the least-privilege user on Cluster and Sentinel data nodes: the store's commands, WAIT, and every client's topology commands. */
    private static String deploymentAclUser() {
        List<String> commands = new ArrayList<>(RedisSessionStore.requiredCommands(ScriptingMode.SCRIPTS, true));
        TOPOLOGY_COMMANDS.values().forEach(commands::addAll);
        return aclUser(APP_USER, commands.stream().distinct().toList());
    }

    /** Certificates that name 127.0.0.1 too: Cluster nodes and Sentinel masters are announced by address. */
    private static final class DeploymentTls {
        static final TlsMaterial MATERIAL = TlsMaterial.generateTemporary("sealed-sessions-deployment-tls-", true);
    }

    /** The Cluster and Sentinel deployments, one per set-up and server program, started on first use. */
    private static final class Shared {
        private static final Map<String, Object> STARTED = new HashMap<>();

        @SuppressWarnings("unchecked")
        static synchronized <T> T get(RedisSetup setup, ServerImplementation implementation, Supplier<T> start) {
            return (T) STARTED.computeIfAbsent(setup + "/" + implementation, k -> start.get());
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String aclUser(String name, List<String> commands) {
        return "user " + name + " on >" + PASSWORD + " resetkeys ~" + NAMESPACE + ":* resetchannels -@all "
                + commands.stream().map(c -> "+" + c).collect(Collectors.joining(" "));
    }

    /** The shared single servers of one server program, started on first use and stopped when the JVM exits. */
    private static final class Servers {
        private static final Map<ServerImplementation, Servers> INSTANCES = new EnumMap<>(ServerImplementation.class);

        final TlsMaterial tls;
        final RedisServer main;
        final RedisServer mutualTls;

        private Servers(ServerImplementation implementation) {
            tls = TlsMaterial.generateTemporary("sealed-sessions-kit-tls-", false);
            List<String> mainConfig = new ArrayList<>(tls.serverConfig());
            mainConfig.add("tls-auth-clients optional"); // TLS without a client certificate on this server
            mainConfig.add(aclUser(APP_USER, RedisSessionStore.requiredCommands(ScriptingMode.SCRIPTS)));
            mainConfig.add(aclUser(NO_SCRIPT_USER, RedisSessionStore.requiredCommands(ScriptingMode.NONE)));
            main = RedisServer.builder().implementation(implementation).tlsPort().config(mainConfig.toArray(String[]::new)).start();
            mutualTls = RedisServer.builder().implementation(implementation).tlsPort().config(tls.serverConfig().toArray(String[]::new)).start();
        }

        static synchronized Servers get(ServerImplementation implementation) {
            return INSTANCES.computeIfAbsent(implementation, Servers::new);
        }
    }

    /** Where the TLS material lives, for tests that need the files themselves. */
    public static Path trustStore() {
        return Servers.get(ServerImplementation.REDIS).tls.trustStore();
    }
}

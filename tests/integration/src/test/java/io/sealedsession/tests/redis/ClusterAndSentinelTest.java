package io.sealedsession.tests.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedsession.core.PrincipalCap;
import io.sealedsession.core.SaveResult;
import io.sealedsession.core.Session;
import io.sealedsession.core.SessionKey;
import io.sealedsession.core.SessionManager;
import io.sealedsession.core.SessionPolicy;
import io.sealedsession.core.port.ReplaceResult;
import io.sealedsession.crypto.SessionKeyring;
import io.sealedsession.redis.RedisDurabilityException;
import io.sealedsession.redis.RedisSessionStore;
import io.sealedsession.redis.RedisSessionStores;
import io.sealedsession.redis.RedisStoreConfig;
import io.sealedsession.redis.internal.Scripts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

/**
 * What the store does on the shared Cluster and Sentinel set-ups beyond the kit: every command in
 * one slot, scripts on every node, the durability knob's semantics and cost, the ACL user actually
 * used, on every client on the class path. The set-ups are left as found.
 */
@OnEveryClient
class ClusterAndSentinelTest {

    /** The client under test: every client on the class path in turn. */
    @Parameter
    String client;

    private static final Duration IDLE = Duration.ofMinutes(30);

    static {
        TestData.quietLogs();
    }

    /** Whether the client sends its WAIT together with every write ({@link ClientTraits#waitsWithEveryWrite()}). */
    private boolean waitsWithEveryWrite() {
        return ClientTraits.of(client).waitsWithEveryWrite();
    }

    private RedisSessionStore open(RedisSetup setup, String namespace, int waitReplicas) {
        RedisStoreConfig.Builder config = RedisStoreConfig.from(setup.config(client)).namespace(namespace);
        if (waitReplicas > 0) {
            config.waitForReplicas(waitReplicas, Duration.ofMillis(200));
        }
        return RedisSessionStores.open(config.build());
    }

    private static long errorCount(RedisServer server, String error) {
        try (RespConnection admin = RespConnection.to(server)) {
            return Long.parseLong(admin.info("errorstats").getOrDefault("errorstat_" + error, "count=0")
                    .replaceAll(".*count=(\\d+).*", "$1"));
        }
    }

    private static long calls(RedisServer server, String command) {
        try (RespConnection admin = RespConnection.to(server)) {
            String stats = admin.info("commandstats").getOrDefault("cmdstat_" + command, "calls=0");
            // "calls=3,usec=...,failed_calls=0": the first field, not the last one ending in "calls".
            return Long.parseLong(stats.substring("calls=".length(), (stats + ",").indexOf(',')));
        }
    }

    @Test
    @DisplayName("invariant: every command and script of the layout touches keys of one slot (no CROSSSLOT on any master)")
    void everyCommandInOneSlot() {
        RedisCluster cluster = RedisSetup.CLUSTER.cluster();
        List<RedisServer> masters = cluster.masters();
        long[] crossSlotBefore = masters.stream().mapToLong(m -> errorCount(m, "CROSSSLOT")).toArray();
        long[] evalshaBefore = masters.stream().mapToLong(m -> calls(m, "evalsha")).toArray();
        try (RedisSessionStore store = open(RedisSetup.CLUSTER, "slots", 0)) {
            SessionManager manager = SessionManager.builder(store, SessionKeyring.generate().sealer()).namespace("slots")
                    .policy(SessionPolicy.custom().principalCap(PrincipalCap.evictOldestAbove(64)).build())
                    .build();
            List<Session> sessions = new ArrayList<>();
            // 30 sessions over 3 masters: each master gets some, but for a chance of 2 in 100 000.
            for (int i = 0; i < 30; i++) {
                Session session = manager.create();
                session.setAttribute("i", (long) i);
                manager.authenticate(session, "alice");
                sessions.add(session);
            }
            for (Session session : sessions) {
                session.setAttribute("seen", true);
                assertThat(manager.save(session)).isEqualTo(SaveResult.SAVED); // the compare-and-set script
            }
            Session current = sessions.get(0);
            manager.rotate(current);
            current.setAttribute("changed", true);
            assertThat(manager.save(current)).isEqualTo(SaveResult.SAVED);
            assertThat(manager.sessionsOf("alice")).hasSize(30);
            assertThat(manager.invalidateOthers(current)).isEqualTo(29);
            assertThat(manager.invalidateAllOf("alice")).isEqualTo(1);
        }
        long[] crossSlotAfter = masters.stream().mapToLong(m -> errorCount(m, "CROSSSLOT")).toArray();
        long[] evalshaAfter = masters.stream().mapToLong(m -> calls(m, "evalsha")).toArray();

        assertThat(crossSlotAfter).isEqualTo(crossSlotBefore);
        for (int i = 0; i < masters.size(); i++) {
            // Every master ran some of the compare-and-sets.
            assertThat(evalshaAfter[i]).as("EVALSHA on " + masters.get(i)).isGreaterThan(evalshaBefore[i]);
        }
    }

    @Test
    @DisplayName("scripts are loaded on every node, replicas included, and a master that lost them recovers on NOSCRIPT")
    void scriptsOnEveryNodeAndNoScriptRecovers() {
        RedisCluster cluster = RedisSetup.CLUSTER.cluster();
        try (RedisSessionStore store = open(RedisSetup.CLUSTER, "scripts", 0)) {
            SessionKey key = TestData.sessionKey();
            store.create(key, TestData.sealed(10), IDLE);
            assertThat(store.replace(key, 1, TestData.sealed(10), IDLE)).isEqualTo(ReplaceResult.replaced(2));
            for (RedisServer node : cluster.nodes()) {
                try (RespConnection admin = cluster.admin(node)) {
                    assertThat((List<Object>) admin.call("SCRIPT", "EXISTS", Scripts.REPLACE.sha1()))
                            .as("the replace script on " + node).containsExactly((Object) 1L);
                }
            }

            RedisServer master = cluster.masterForKey("scripts:s:{" + key.value() + "}");
            try (RespConnection admin = cluster.admin(master)) {
                admin.call("SCRIPT", "FLUSH");
            }
            assertThat(store.replace(key, 2, TestData.sealed(10), IDLE)).isEqualTo(ReplaceResult.replaced(3));
        }
    }

    @Test
    @DisplayName("durability knob: WAIT after each write reaches the write's master; too few replicas is a "
            + "RedisDurabilityException, with the write applied on the master")
    void waitForReplicasSemantics() {
        RedisCluster cluster = RedisSetup.CLUSTER.cluster();
        SessionKey key = TestData.sessionKey();
        RedisServer master = cluster.masterForKey("durable:s:{" + key.value() + "}");
        long waitsBefore = calls(master, "wait");
        try (RedisSessionStore store = open(RedisSetup.CLUSTER, "durable", 1)) {
            assertThat(store.waitReplicas()).isEqualTo(1);
            store.create(key, TestData.sealed(10), IDLE);
            store.replace(key, 1, TestData.sealed(10), IDLE);
            store.delete(key);
            assertThat(store.delete(key)).as("nothing deleted, nothing to wait for").isFalse();
        }
        assertThat(calls(master, "wait") - waitsBefore).as("WAIT after create, replace, delete")
                .isEqualTo(waitsWithEveryWrite() ? 4 : 3);

        SessionKey other = TestData.sessionKey();
        try (RedisSessionStore store = open(RedisSetup.CLUSTER, "durable", 2)) {
            assertThatThrownBy(() -> store.create(other, TestData.sealed(10), IDLE))
                    .isInstanceOf(RedisDurabilityException.class)
                    .hasMessageContaining("only 1 of 2 replicas")
                    .satisfies(e -> assertThat(((RedisDurabilityException) e).acknowledged()).isEqualTo(1));
            assertThat(store.load(other, null)).as("applied on the master all the same").isPresent();
            assertThatThrownBy(() -> store.delete(other)).isInstanceOf(RedisDurabilityException.class);
            assertThat(store.load(other, null)).as("a delete too is applied, only not confirmed").isEmpty();
        }
    }

    @Test
    @DisplayName("durability knob: what WAIT costs per write on a Cluster and behind Sentinel (printed, not asserted)")
    void waitForReplicasCost() {
        for (RedisSetup setup : List.of(RedisSetup.CLUSTER, RedisSetup.SENTINEL)) {
            double[] withoutWait = writeMicros(setup, 0);
            double[] withWait = writeMicros(setup, 1);
            System.out.printf("[durability] %s %s: create+replace+delete of one session, median %.0f µs without WAIT, "
                            + "%.0f µs with WAIT 1 (p90 %.0f / %.0f µs)%n",
                    client, setup, withoutWait[0], withWait[0], withoutWait[1], withWait[1]);
            assertThat(withWait[0]).isPositive();
        }
    }

    /** Median and 90th percentile, in microseconds, of create + replace + delete on fresh keys. */
    private double[] writeMicros(RedisSetup setup, int waitReplicas) {
        try (RedisSessionStore store = open(setup, "cost", waitReplicas)) {
            int rounds = 400;
            double[] micros = new double[rounds];
            byte[] record = TestData.sealed(400);
            for (int i = -100; i < rounds; i++) { // the first hundred warm up the JIT and connections
                SessionKey key = TestData.sessionKey();
                long start = System.nanoTime();
                store.create(key, record, IDLE);
                store.replace(key, 1, record, IDLE);
                store.delete(key);
                if (i >= 0) {
                    micros[i] = (System.nanoTime() - start) / 1000.0;
                }
            }
            Arrays.sort(micros);
            return new double[] {micros[rounds / 2], micros[rounds * 9 / 10]};
        }
    }

    @Test
    @DisplayName("on the TLS+ACL set-ups, every data node the store talks to sees the least-privilege user, not default")
    void aclUserOnEveryNode() {
        for (RedisSetup setup : List.of(RedisSetup.CLUSTER_TLS_ACL, RedisSetup.SENTINEL_TLS_ACL)) {
            try (RedisSessionStore store = open(setup, RedisSetup.NAMESPACE, 0)) {
                // Touch every master: a Cluster client connects to a node when it first needs it.
                List<SessionKey> keys = new ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    keys.add(TestData.sessionKey());
                    store.create(keys.get(i), TestData.sealed(10), IDLE);
                }
                for (RedisServer master : setup.masters()) {
                    try (RespConnection admin = RespConnection.to(master)) {
                        String clients = admin.callString("CLIENT", "LIST");
                        assertThat(clients).as(setup + " on " + master).contains("user=kit-app");
                        Map<String, String> replication = admin.info("replication");
                        assertThat(replication.get("role")).isEqualTo("master");
                    }
                }
                keys.forEach(store::delete);
            }
        }
    }
}

package io.sealedsession.tests.redis.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedsession.core.Session;
import io.sealedsession.core.SessionKey;
import io.sealedsession.core.SessionManager;
import io.sealedsession.core.SessionStoreUnavailableException;
import io.sealedsession.core.port.PrincipalKey;
import io.sealedsession.crypto.SessionKeyring;
import io.sealedsession.redis.RedisSessionStore;
import io.sealedsession.redis.RedisSessionStores;
import io.sealedsession.redis.RedisStoreConfig;
import io.sealedsession.tests.redis.RedisCluster;
import io.sealedsession.tests.redis.RedisServer;
import io.sealedsession.tests.redis.RespConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import io.sealedsession.tests.redis.OnEveryClient;
import io.sealedsession.tests.redis.RedisMatrix;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;

/**
 * Redis Cluster failing under a running application, for one client adapter: a master killed and
 * replaced by its replica, slots moved to another master, a master down in the middle of ending a
 * principal's sessions. Each test runs requests from a few threads, breaks the Cluster, and then
 * checks what the application was told and what Redis holds.
 *
 * <p>It runs on every client on the class path ({@link RedisMatrix#clients()}), on
 * {@code redis-server}. Each client gets a Cluster of its own (it is broken on purpose) for all its tests, which
 * leave it healthy. Measurements (recovery times, sessions lost without the durability knob) are
 * printed, never asserted on: the machine's speed is not the store's guarantee.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@OnEveryClient
class ClusterFaultsTest {

    /** The client adapter's provider name, such as {@code "lettuce"}. */
    @Parameter
    String client;

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);

    private RedisCluster cluster;
    private final List<RedisSessionStore> stores = new ArrayList<>();

    @BeforeParameterizedClassInvocation
    final void startCluster() {
        cluster = RedisCluster.builder().start();
    }

    @AfterParameterizedClassInvocation
    final void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @AfterEach
    final void closeStores() {
        stores.forEach(RedisSessionStore::close);
        stores.clear();
        cluster.awaitHealthy();
        cluster.flushAll();
    }

    private RedisSessionStore open(String namespace, int waitReplicas) {
        RedisStoreConfig.Builder config = RedisStoreConfig.custom()
                .client(client)
                .uri(cluster.uri())
                .namespace(namespace)
                .commandTimeout(COMMAND_TIMEOUT)
                .connectTimeout(COMMAND_TIMEOUT);
        if (waitReplicas > 0) {
            config.waitForReplicas(waitReplicas, Duration.ofMillis(300));
        }
        RedisSessionStore store = RedisSessionStores.open(config.build());
        stores.add(store);
        return store;
    }

    private static SessionManager manager(RedisSessionStore store, SessionKeyring keyring) {
        return SessionManager.builder(store, keyring.sealer()).namespace(store.namespace()).build();
    }

    private static String recordKey(String namespace, SessionKey key) {
        return namespace + ":s:{" + key.value() + "}";
    }

    private IntPredicate onMaster(SessionWorkload workload, String namespace, Set<Integer> slots) {
        boolean[] on = new boolean[workload.size()];
        for (int i = 0; i < on.length; i++) {
            on[i] = slots.contains(cluster.slot(recordKey(namespace, workload.key(i))));
        }
        return i -> on[i];
    }

    @Test
    @DisplayName("a master killed under load: its replica takes over, only SessionStoreUnavailableException is seen, "
            + "with WAIT no confirmed write is lost, and the store recovers by itself")
    void killedMasterFailsOver() throws Exception {
        failOverUnderLoad("master killed", victim -> {
            cluster.killMasterAndAwaitPromotion(victim);
            // The old master comes back, as an orchestrator would restart it, and becomes a replica:
            // until then the promoted master has no replica, so writes that wait for one cannot succeed.
            cluster.restart(victim);
        });
    }

    @Test
    @DisplayName("a manual failover under load (the old master stays up as a replica): MOVED is followed, "
            + "only SessionStoreUnavailableException is seen, with WAIT no confirmed write is lost")
    void manualFailoverIsFollowed() throws Exception {
        failOverUnderLoad("manual failover", cluster::failover);
    }

    private void failOverUnderLoad(String what, java.util.function.Consumer<RedisServer> fault) throws Exception {
        SessionKeyring keyring = SessionKeyring.generate();
        SessionWorkload plain = new SessionWorkload(client + "-cluster-no-wait", manager(open("fa", 0), keyring), 150, 2);
        SessionWorkload durable = new SessionWorkload(client + "-cluster-wait-1", manager(open("fb", 1), keyring), 150, 2);
        RedisServer victim = cluster.masterForKey(recordKey("fa", plain.key(0)));
        Set<Integer> victimSlots = cluster.slotsOf(victim);
        IntPredicate plainAffected = onMaster(plain, "fa", victimSlots);
        IntPredicate durableAffected = onMaster(durable, "fb", victimSlots);

        plain.start();
        durable.start();
        Thread.sleep(1000);
        plain.mark(plainAffected);
        durable.mark(durableAffected);
        long started = System.nanoTime();
        fault.accept(victim);
        long faultMillis = (System.nanoTime() - started) / 1_000_000;
        Thread.sleep(1500);
        plain.stop();
        durable.stop();

        SessionWorkload.Verdict plainVerdict = plain.verify(plainAffected);
        SessionWorkload.Verdict durableVerdict = durable.verify(durableAffected);
        System.out.printf("[faults] %s Cluster %s: done and the Cluster healthy again after %d ms%n", client, what, faultMillis);
        report(plain, plainVerdict);
        report(durable, durableVerdict);

        assertThat(plain.unexpected()).as("exceptions other than SessionStoreUnavailableException").isEmpty();
        assertThat(durable.unexpected()).as("exceptions other than SessionStoreUnavailableException").isEmpty();
        assertThat(durableVerdict.intact()).as("with WAIT, every confirmed write survives: " + durableVerdict).isTrue();
        assertThat(plainVerdict.damaged()).as("sessions on masters that did not fail lose nothing")
                .allMatch(plainAffected::test);
        assertThat(plain.recoveryMillis()).as("requests on the failed master's slots succeeded again").isNotNegative();
        assertThat(durable.recoveryMillis()).as("requests on the failed master's slots succeeded again").isNotNegative();
    }

    @Test
    @DisplayName("slots moved to another master while sessions are read and written: no error, no loss")
    void migratedSlotsAreFollowed() throws Exception {
        SessionKeyring keyring = SessionKeyring.generate();
        SessionWorkload workload = new SessionWorkload(client + "-cluster-migration", manager(open("fm", 0), keyring), 200, 2);
        List<RedisServer> masters = cluster.masters();
        RedisServer source = masters.get(0);
        RedisServer target = masters.get(1);
        int[] range = longestRun(cluster.slotsOf(source), 1500);
        Set<Integer> moving = new TreeSet<>();
        for (int slot = range[0]; slot <= range[1]; slot++) {
            moving.add(slot);
        }
        IntPredicate affected = onMaster(workload, "fm", moving);

        workload.start();
        Thread.sleep(500);
        long started = System.nanoTime();
        long movedKeys = cluster.migrateSlots(source, target, range[0], range[1]);
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        Thread.sleep(500);
        workload.stop();

        SessionWorkload.Verdict verdict = workload.verify(affected);
        System.out.printf("[faults] %s Cluster migration of slots %d-%d (%d keys, %d of the sessions) took %d ms; %s%n",
                client, range[0], range[1], movedKeys, verdict.affected(), tookMillis, workload);
        assertThat(verdict.affected()).as("sessions in the moved slots").isPositive();
        assertThat(cluster.slotsOf(target)).containsAll(moving);
        assertThat(workload.failures()).as("failed requests " + workload.failuresByType()).isZero();
        assertThat(workload.missingDuringRun()).as("requests that found no session").isZero();
        assertThat(verdict.intact()).as(verdict.toString()).isTrue();
    }

    @Test
    @DisplayName("a master down while every session of a principal is ended: the call fails as unavailable, "
            + "the index still lists what is left, and calling again after recovery ends the rest")
    void invalidateAllOfRetriedAfterPartialFailure() {
        SessionKeyring keyring = SessionKeyring.generate();
        RedisSessionStore store = open("fi", 0);
        SessionManager manager = manager(store, keyring);
        // A principal whose index lives on one master and some of whose sessions live on another.
        String principal = null;
        RedisServer down = null;
        List<Session> sessions = new ArrayList<>();
        for (int attempt = 0; principal == null; attempt++) {
            String candidate = "user-" + attempt;
            PrincipalKey pk = keyring.sealer().principalKey(candidate);
            RedisServer indexMaster = cluster.masterForKey("fi:p:{" + pk.value() + "}");
            List<Session> made = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Session session = manager.create();
                manager.authenticate(session, candidate);
                made.add(session);
            }
            for (Session s : made) {
                RedisServer master = cluster.masterForKey(recordKey("fi", s.key()));
                if (!master.equals(indexMaster)) {
                    principal = candidate;
                    down = master;
                    sessions = made;
                    break;
                }
            }
        }
        RedisServer replica = cluster.replicaOf(down);
        try (RespConnection replicaAdmin = cluster.admin(replica)) {
            // The master is down, not replaced: the case where the retry matters.
            replicaAdmin.call("CONFIG", "SET", "cluster-replica-no-failover", "yes");
            down.pause();
            String p = principal;
            assertThatThrownBy(() -> manager.invalidateAllOf(p)).isInstanceOf(SessionStoreUnavailableException.class);
            down.resume();
            cluster.awaitHealthy();
            replicaAdmin.call("CONFIG", "SET", "cluster-replica-no-failover", "no");
        }

        PrincipalKey pk = keyring.sealer().principalKey(principal);
        RedisServer indexMaster = cluster.masterForKey("fi:p:{" + pk.value() + "}");
        long listed;
        try (RespConnection admin = cluster.admin(indexMaster)) {
            listed = admin.callLong("ZCARD", "fi:p:{" + pk.value() + "}");
        }
        int remaining = 0;
        for (Session s : sessions) {
            try (RespConnection admin = cluster.admin(cluster.masterForKey(recordKey("fi", s.key())))) {
                remaining += (int) admin.callLong("EXISTS", recordKey("fi", s.key()));
            }
        }
        assertThat(listed).as("the index still lists every session: nothing was unindexed").isEqualTo(sessions.size());
        assertThat(remaining).as("the sessions on the master that was down survived the first call").isPositive();

        int ended = manager.invalidateAllOf(principal);

        assertThat(ended).as("the retry ends exactly the sessions that were left").isEqualTo(remaining);
        for (Session s : sessions) {
            assertThat(manager.find(s.token().revealValue())).isEmpty();
        }
        assertThat(manager.sessionsOf(principal)).isEmpty();
        try (RespConnection admin = cluster.admin(indexMaster)) {
            assertThat(admin.callLong("EXISTS", "fi:p:{" + pk.value() + "}")).as("the index is gone").isZero();
        }
        System.out.printf("[faults] %s Cluster invalidateAllOf with a master down: %d of %d sessions left after the "
                + "failed call, all ended by the retry%n", client, remaining, sessions.size());
    }

    private void report(SessionWorkload workload, SessionWorkload.Verdict verdict) {
        System.out.printf("[faults]   %s; failures for %d ms; first success on the failed master's slots %d ms after "
                        + "the fault began (0: none failed); %d sessions there; after recovery: %d lost, %d with a confirmed "
                        + "write lost%n",
                workload, workload.failureWindowMillis(), workload.recoveryMillis(), verdict.affected(),
                verdict.lost().size(), verdict.stale().size());
    }

    /** The first run of consecutive slots in {@code slots}, at most {@code max} long, as {first, last}. */
    private static int[] longestRun(Set<Integer> slots, int max) {
        int bestStart = -1;
        int bestLength = 0;
        int start = -1;
        int previous = -2;
        for (int slot : new TreeSet<>(slots)) {
            if (slot != previous + 1) {
                start = slot;
            }
            previous = slot;
            int length = slot - start + 1;
            if (length > bestLength) {
                bestStart = start;
                bestLength = length;
            }
        }
        if (bestStart < 0) {
            throw new IllegalStateException("the master serves no slot");
        }
        return new int[] {bestStart, bestStart + Math.min(bestLength, max) - 1};
    }
}

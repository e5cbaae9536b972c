package io.sealedsession.tests.redis.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedsession.core.SessionManager;
import io.sealedsession.crypto.SessionKeyring;
import io.sealedsession.redis.RedisSessionStore;
import io.sealedsession.redis.RedisSessionStores;
import io.sealedsession.redis.RedisStoreConfig;
import io.sealedsession.tests.redis.RedisSentinelSet;
import io.sealedsession.tests.redis.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * A Sentinel failover under a running application, for one client adapter: the master is killed,
 * the Sentinels promote the replica, and the store must follow them without being rebuilt.
 *
 * <p>It runs on every client on the class path ({@link RedisMatrix#clients()}), on
 * {@code redis-server}; each client gets a Sentinel set of its own. Measurements are printed, not asserted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@OnEveryClient
class SentinelFaultsTest {

    /** The client adapter's provider name, such as {@code "lettuce"}. */
    @Parameter
    String client;

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);

    private RedisSentinelSet set;
    private final List<RedisSessionStore> stores = new ArrayList<>();

    @BeforeParameterizedClassInvocation
    final void startSentinels() {
        set = RedisSentinelSet.builder().start();
    }

    @AfterParameterizedClassInvocation
    final void stopSentinels() {
        if (set != null) {
            set.close();
        }
    }

    @AfterEach
    final void closeStores() {
        stores.forEach(RedisSessionStore::close);
        stores.clear();
    }

    private SessionManager manager(String namespace, int waitReplicas, SessionKeyring keyring) {
        RedisStoreConfig.Builder config = RedisStoreConfig.custom()
                .client(client)
                .uri(set.uri())
                .namespace(namespace)
                .commandTimeout(COMMAND_TIMEOUT)
                .connectTimeout(COMMAND_TIMEOUT);
        if (waitReplicas > 0) {
            config.waitForReplicas(waitReplicas, Duration.ofMillis(300));
        }
        RedisSessionStore store = RedisSessionStores.open(config.build());
        stores.add(store);
        return SessionManager.builder(store, keyring.sealer()).namespace(namespace).build();
    }

    @Test
    @DisplayName("the master killed under load: the Sentinels promote the replica, only SessionStoreUnavailableException "
            + "is seen, with WAIT no confirmed write is lost, and the store follows the new master by itself")
    void killedMasterFailsOver() throws Exception {
        failOverUnderLoad("master killed", () -> {
            RedisServer old = set.master();
            set.killMasterAndAwaitFailover();
            set.restart(old);
        });
    }

    @Test
    @DisplayName("SENTINEL FAILOVER under load (the old master stays up, demoted): the store moves to the new master, "
            + "only SessionStoreUnavailableException is seen, with WAIT no confirmed write is lost")
    void manualFailoverIsFollowed() throws Exception {
        failOverUnderLoad("manual failover", set::failover);
    }

    private void failOverUnderLoad(String what, Runnable fault) throws Exception {
        SessionKeyring keyring = SessionKeyring.generate();
        SessionWorkload plain = new SessionWorkload(client + "-sentinel-no-wait", manager("sa", 0, keyring), 150, 2);
        SessionWorkload durable = new SessionWorkload(client + "-sentinel-wait-1", manager("sb", 1, keyring), 150, 2);

        plain.start();
        durable.start();
        Thread.sleep(1000);
        plain.mark(i -> true);
        durable.mark(i -> true);
        long started = System.nanoTime();
        fault.run();
        long faultMillis = (System.nanoTime() - started) / 1_000_000;
        Thread.sleep(1500);
        plain.stop();
        durable.stop();

        SessionWorkload.Verdict plainVerdict = plain.verify(i -> true);
        SessionWorkload.Verdict durableVerdict = durable.verify(i -> true);
        System.out.printf("[faults] %s Sentinel %s: done and the set healthy again after %d ms%n", client, what, faultMillis);
        for (SessionWorkload w : List.of(plain, durable)) {
            SessionWorkload.Verdict v = w == plain ? plainVerdict : durableVerdict;
            System.out.printf("[faults]   %s; failures for %d ms; first success %d ms after the fault began (0: none "
                    + "failed); after recovery: %d lost, %d with a confirmed write lost%n", w, w.failureWindowMillis(),
                    w.recoveryMillis(), v.lost().size(), v.stale().size());
        }

        assertThat(plain.unexpected()).as("exceptions other than SessionStoreUnavailableException").isEmpty();
        assertThat(durable.unexpected()).as("exceptions other than SessionStoreUnavailableException").isEmpty();
        assertThat(plain.missingDuringRun()).as("requests answered by a node that was not the master").isZero();
        assertThat(durable.missingDuringRun()).as("requests answered by a node that was not the master").isZero();
        assertThat(durableVerdict.intact()).as("with WAIT, every confirmed write survives: " + durableVerdict).isTrue();
        assertThat(plain.recoveryMillis()).as("requests succeeded again after the failover").isNotNegative();
        assertThat(durable.recoveryMillis()).as("requests succeeded again after the failover").isNotNegative();
    }
}

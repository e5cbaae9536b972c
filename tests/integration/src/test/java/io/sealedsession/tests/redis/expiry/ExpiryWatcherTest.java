package io.sealedsession.tests.redis.expiry;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedsession.core.SessionInfo;
import io.sealedsession.core.SessionKey;
import io.sealedsession.core.SessionToken;
import io.sealedsession.core.port.PrincipalKey;
import io.sealedsession.redis.RedisCommandExecutor;
import io.sealedsession.redis.RedisExpiryWatcher;
import io.sealedsession.redis.RedisSessionStore;
import io.sealedsession.redis.RedisSessionStores;
import io.sealedsession.redis.RedisStoreConfig;
import io.sealedsession.tests.redis.RedisCluster;
import io.sealedsession.tests.redis.RedisServer;
import io.sealedsession.tests.redis.RespConnection;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import io.sealedsession.tests.redis.OnEveryClient;
import io.sealedsession.tests.redis.RedisMatrix;
import org.junit.jupiter.params.Parameter;

/**
 * The expiry watcher on one client, against real servers with {@code notify-keyspace-events Ex}:
 * each expired session is reported once, by handle, on one server, across two watchers, across a
 * restart of the server, and on a Cluster across a master's failover; on every client on the class
 * path ({@link RedisMatrix#clients()}).
 */
@OnEveryClient
class ExpiryWatcherTest {

    /** The client adapter's provider name, such as {@code "lettuce"}. */
    @Parameter
    String client;

    private static final String NAMESPACE = "watch";
    private static final Duration SHORT = Duration.ofMillis(300);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final List<String> reported = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void closeAll() throws Exception {
        Collections.reverse(toClose);
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
    }

    private <T extends AutoCloseable> T closeLater(T closeable) {
        toClose.add(closeable);
        return closeable;
    }

    private RedisStoreConfig config(String uri) {
        return RedisStoreConfig.custom().client(client).uri(uri).namespace(NAMESPACE)
                .connectTimeout(Duration.ofSeconds(5)).commandTimeout(Duration.ofSeconds(5)).build();
    }

    private RedisExpiryWatcher watch(RedisStoreConfig config, List<String> into) {
        RedisCommandExecutor executor = closeLater(RedisSessionStores.openExecutor(config));
        return closeLater(RedisExpiryWatcher.start(executor, NAMESPACE, into::add));
    }

    private RedisServer server() {
        return closeLater(RedisServer.builder().config("notify-keyspace-events Ex").start());
    }

    private static SessionKey newKey() {
        return SessionToken.generate(RANDOM).key();
    }

    /** Writes {@code count} records that expire soon, returns their handles. */
    private static Set<String> expiringSessions(RedisSessionStore store, int count) {
        Set<String> handles = new HashSet<>();
        for (int i = 0; i < count; i++) {
            SessionKey key = newKey();
            assertThat(store.create(key, new byte[] {1, 2, 3}, SHORT)).isTrue();
            handles.add(SessionInfo.handleOf(key));
        }
        return handles;
    }

    private void awaitReported(Set<String> expected) throws InterruptedException {
        awaitUntil("every expired session reported", Duration.ofSeconds(20), () -> new HashSet<>(reported).containsAll(expected));
        Thread.sleep(1_000); // time for a duplicate to arrive, if one were coming
        synchronized (reported) {
            assertThat(reported).as("reported handles").containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    private static void awaitUntil(String what, Duration timeout, Supplier<Boolean> condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.get()) {
            assertThat(Instant.now()).as(what + " within " + timeout).isBefore(deadline);
            Thread.sleep(50);
        }
    }

    /** A reply as text, bulk strings decoded. */
    private static String text(Object reply) {
        if (reply instanceof byte[] bytes) {
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }
        if (reply instanceof List<?> items) {
            return items.stream().map(ExpiryWatcherTest::text).collect(java.util.stream.Collectors.joining(" ", "[", "]"));
        }
        return String.valueOf(reply);
    }

    private static long subscribers(RespConnection admin) {
        List<?> reply = (List<?>) admin.call("PUBSUB", "NUMSUB", "__keyevent@0__:expired");
        return (Long) reply.get(1);
    }

    @Test
    @DisplayName("each session Redis expires is reported once, by its handle; other keys and ended sessions are not")
    void reportsEachExpiredSessionOnce() throws Exception {
        RedisServer server = server();
        RedisStoreConfig config = config(server.uri());
        watch(config, reported);
        RedisSessionStore store = closeLater(RedisSessionStores.open(config));

        Set<String> expected = expiringSessions(store, 5);
        SessionKey ended = newKey();
        store.create(ended, new byte[] {1}, SHORT);
        store.delete(ended);
        store.index(new PrincipalKey("someone"), newKey(), Instant.now().plusMillis(300), Instant.now());
        store.lock(newKey(), new byte[] {1}, SHORT);

        awaitReported(expected);
        assertThat(reported).doesNotContain(SessionInfo.handleOf(ended));
    }

    @Test
    @DisplayName("two watchers on one Redis report each expired session once in total")
    void twoWatchersReportOnceInTotal() throws Exception {
        RedisServer server = server();
        RedisStoreConfig config = config(server.uri());
        List<String> first = Collections.synchronizedList(new ArrayList<>());
        List<String> second = Collections.synchronizedList(new ArrayList<>());
        watch(config, first);
        watch(config, second);
        try (RespConnection admin = RespConnection.to(server)) {
            assertThat(subscribers(admin)).isEqualTo(2);
        }
        RedisSessionStore store = closeLater(RedisSessionStores.open(config));

        Set<String> expected = expiringSessions(store, 20);
        awaitUntil("all reported", Duration.ofSeconds(20), () -> {
            Set<String> union = new HashSet<>(first);
            union.addAll(second);
            return union.containsAll(expected);
        });
        Thread.sleep(1_000);
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        assertThat(all).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    @DisplayName("after Redis is killed and restarted, the watcher subscribes again and reports expiries")
    void subscribesAgainAfterRestart() throws Exception {
        RedisServer server = server();
        RedisStoreConfig config = config(server.uri());
        watch(config, reported);
        RedisSessionStore store = closeLater(RedisSessionStores.open(config));
        Set<String> before = expiringSessions(store, 3);
        awaitReported(before);

        server.kill();
        server.start();
        try (RespConnection admin = RespConnection.to(server)) {
            awaitUntil("the watcher subscribed again", Duration.ofSeconds(30), () -> subscribers(admin) == 1);
        }
        Set<String> after = new HashSet<>(before);
        awaitUntil("the store reconnected", Duration.ofSeconds(30), () -> {
            try {
                after.addAll(expiringSessions(store, 3));
                return true;
            } catch (RuntimeException stillReconnecting) {
                return false;
            }
        });
        awaitReported(after);
    }

    @Test
    @DisplayName("a claim Redis refuses is tried again: the expiry is reported once the claim can be written")
    void claimThatFailsIsTriedAgain() throws Exception {
        String password = "w-" + Long.toHexString(RANDOM.nextLong());
        RedisServer server = closeLater(RedisServer.builder().config("notify-keyspace-events Ex",
                "user watcher on >" + password + " ~* &* +@all -set").start());
        RedisCommandExecutor executor = closeLater(RedisSessionStores.openExecutor(RedisStoreConfig.custom().client(client)
                .uri(server.uri()).namespace(NAMESPACE).credentials("watcher", password.toCharArray())
                .connectTimeout(Duration.ofSeconds(5)).commandTimeout(Duration.ofSeconds(5)).build()));
        closeLater(RedisExpiryWatcher.start(executor, NAMESPACE, reported::add));
        RedisSessionStore store = closeLater(RedisSessionStores.open(config(server.uri())));
        Set<String> expected = expiringSessions(store, 1);

        try (RespConnection admin = RespConnection.to(server)) {
            // The first attempt at the claim is refused (the ACL log shows it), then the claim is allowed.
            awaitUntil("the claim refused once", Duration.ofSeconds(20), () -> text(admin.call("ACL", "LOG")).contains("set"));
            assertThat(reported).isEmpty();
            admin.call("ACL", "SETUSER", "watcher", "+set");
        }
        awaitReported(expected);
    }

    @Test
    @DisplayName("on a Cluster, expiries on every master are reported once, also on a replica promoted after its master died")
    void reportsOnEveryClusterMasterAcrossFailover() throws Exception {
        RedisCluster cluster = closeLater(RedisCluster.builder().config("notify-keyspace-events Ex").start());
        RedisStoreConfig config = config(cluster.uri());
        watch(config, reported);
        RedisSessionStore store = closeLater(RedisSessionStores.open(config));

        Set<String> expected = expiringSessions(store, 30);
        awaitReported(expected);

        RedisServer master = cluster.masters().get(0);
        RedisServer promoted = cluster.killMasterAndAwaitPromotion(master);
        try (RespConnection admin = cluster.admin(promoted)) {
            awaitUntil("the promoted master has a subscriber", Duration.ofSeconds(30), () -> subscribers(admin) >= 1);
        }
        Set<String> onPromoted = new HashSet<>();
        awaitUntil("sessions written on the promoted master", Duration.ofSeconds(30), () -> {
            try {
                while (onPromoted.size() < 3) {
                    SessionKey key = newKey();
                    if (cluster.masterForKey(NAMESPACE + ":s:{" + key.value() + "}").port() == promoted.port()) {
                        assertThat(store.create(key, new byte[] {1}, SHORT)).isTrue();
                        onPromoted.add(SessionInfo.handleOf(key));
                    }
                }
                return true;
            } catch (RuntimeException stillFailingOver) {
                return false;
            }
        });
        expected.addAll(onPromoted);
        awaitReported(expected);
    }
}

package io.sealedsession.tests.redis;

import io.sealedsession.core.port.SessionStore;
import io.sealedsession.redis.RedisSessionStore;
import io.sealedsession.redis.RedisSessionStores;
import io.sealedsession.tests.kit.StoreInspector;
import io.sealedsession.tests.kit.StoreUnderTest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The contract kit's view of a Redis store: the store opened through {@link RedisSessionStores}
 * exactly as an application opens it (client chosen by name, so through its {@code ServiceLoader}
 * provider), and a plain RESP connection that reads what Redis holds and lets time pass by
 * shortening every time to live.
 *
 * <p>Stores are opened once per set-up and client and kept for the JVM's life, since opening a
 * client costs far more than a test; each test starts on an empty database ({@code FLUSHALL} on
 * every master). On a Cluster, inspection and the passing of time visit every master, each for
 * the keys of its own slots.
 * A subclass of the kit needs one line:
 *
 * <pre>{@code
 * protected StoreUnderTest open(ManualClock clock) {
 *     return RedisStoreUnderTest.open(RedisSetup.TLS, "jedis");
 * }
 * }</pre>
 */
public final class RedisStoreUnderTest implements StoreUnderTest {

    private static final Map<String, RedisSessionStore> OPEN_STORES = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> OPEN_STORES.values().forEach(RedisSessionStore::close),
                "sealed-sessions-kit-store-closer"));
    }

    private final RedisSessionStore store;
    private final List<RespConnection> admins;
    private final String pattern;

    private RedisStoreUnderTest(RedisSessionStore store, List<RespConnection> admins) {
        this.store = store;
        this.admins = List.copyOf(admins);
        this.pattern = store.namespace() + ":*";
    }

    /** The store of {@code client} on {@code setup} on {@code redis-server}, on emptied servers. */
    public static RedisStoreUnderTest open(RedisSetup setup, String client) {
        return open(setup.on(ServerImplementation.REDIS), client);
    }

    /** The store of {@code client} on {@code deployment}, on emptied servers. */
    public static RedisStoreUnderTest open(Deployment deployment, String client) {
        List<RespConnection> admins = new ArrayList<>();
        for (RedisServer master : deployment.masters()) {
            RespConnection admin = RespConnection.to(master);
            admins.add(admin);
            admin.call("FLUSHALL");
        }
        RedisSessionStore store = OPEN_STORES.computeIfAbsent(deployment + "/" + client,
                k -> RedisSessionStores.open(deployment.config(client)));
        return new RedisStoreUnderTest(store, admins);
    }

    @Override
    public SessionStore store() {
        return store;
    }

    /** The store as its concrete type, for tests that need more than the port. */
    public RedisSessionStore redisStore() {
        return store;
    }

    /** The plain admin connection to the server; on a Cluster, to its first master. */
    public RespConnection admin() {
        return admins.get(0);
    }

    /** Plain admin connections to every master. */
    public List<RespConnection> admins() {
        return admins;
    }

    @Override
    public StoreInspector inspector() {
        return () -> {
            Map<String, StoreInspector.Item> items = new TreeMap<>();
            for (RespConnection admin : admins) {
                collect(admin, items);
            }
            return items;
        };
    }

    private void collect(RespConnection admin, Map<String, StoreInspector.Item> items) {
        for (String key : admin.scan(pattern)) {
            String type = (String) admin.call("TYPE", key);
            byte[] bytes = switch (type) {
                case "string" -> (byte[]) admin.call("GET", key);
                case "zset" -> concat((List<?>) admin.call("ZRANGE", key, "0", "-1", "WITHSCORES"));
                case "none" -> null; // expired between SCAN and now
                default -> throw new AssertionError("the store wrote a " + type + " under " + key);
            };
            long pttl = admin.callLong("PTTL", key);
            if (bytes != null && pttl != -2) {
                items.put(key, new StoreInspector.Item(bytes, pttl == -1 ? null : Duration.ofMillis(pttl)));
            }
        }
    }

    /** Redis keeps its own time; the kit's clock moved, so every time to live shrinks by as much. */
    @Override
    public void elapse(Duration duration) {
        long millis = duration.toMillis();
        for (RespConnection admin : admins) {
            for (String key : admin.scan(pattern)) {
                long pttl = admin.callLong("PTTL", key);
                if (pttl < 0) {
                    continue; // gone, or without expiry (which the kit reports)
                }
                if (pttl <= millis) {
                    admin.call("DEL", key);
                } else {
                    admin.call("PEXPIRE", key, Long.toString(pttl - millis));
                }
            }
        }
    }

    @Override
    public boolean comparesVersions() {
        return store.scriptingMode() == io.sealedsession.redis.ScriptingMode.SCRIPTS;
    }

    @Override
    public void close() {
        admins.forEach(RespConnection::close);
    }

    private static byte[] concat(List<?> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            byte[] bytes = (byte[]) part;
            out.writeBytes(bytes);
            out.writeBytes(" ".getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }
}

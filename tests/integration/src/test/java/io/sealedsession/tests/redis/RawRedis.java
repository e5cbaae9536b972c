package io.sealedsession.tests.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A plain Lettuce connection that looks at what Redis holds, independently of the store under
 * test: raw values, expiries, sorted sets, command statistics.
 */
final class RawRedis implements AutoCloseable {

    private final RedisClient client;
    private final StatefulRedisConnection<byte[], byte[]> connection;
    private final RedisCommands<byte[], byte[]> redis;

    RawRedis(RedisServer server) {
        this(server, null, null);
    }

    RawRedis(RedisServer server, String username, String password) {
        RedisURI.Builder uri = RedisURI.builder().withHost(server.host()).withPort(server.port())
                .withTimeout(Duration.ofSeconds(5));
        if (password != null) {
            uri = username == null ? uri.withPassword(password.toCharArray()) : uri.withAuthentication(username, password);
        }
        client = RedisClient.create(uri.build());
        connection = client.connect(ByteArrayCodec.INSTANCE);
        redis = connection.sync();
    }

    RedisCommands<byte[], byte[]> commands() {
        return redis;
    }

    byte[] get(String key) {
        return redis.get(bytes(key));
    }

    void set(String key, byte[] value) {
        redis.set(bytes(key), value);
    }

    boolean exists(String key) {
        return redis.exists(bytes(key)) == 1;
    }

    /** PTTL: -2 when there is no key, -1 when it has no expiry. */
    long pttl(String key) {
        return redis.pttl(bytes(key));
    }

    /** PEXPIRETIME (Redis 7.0): the absolute expiry in epoch ms, -2 without key, -1 without expiry. */
    long pexpiretime(String key) {
        return redis.pexpiretime(bytes(key));
    }

    /** The members of a sorted set with their scores, lowest first. */
    Map<String, Long> sortedSet(String key) {
        Map<String, Long> members = new java.util.LinkedHashMap<>();
        for (ScoredValue<byte[]> value : redis.zrangeWithScores(bytes(key), 0, -1)) {
            members.put(new String(value.getValue(), StandardCharsets.US_ASCII), (long) value.getScore());
        }
        return members;
    }

    List<String> keys(String pattern) {
        return redis.keys(pattern).stream().map(k -> new String(k, StandardCharsets.US_ASCII)).sorted().toList();
    }

    void flushAll() {
        redis.flushall();
    }

    void scriptFlush() {
        redis.scriptFlush();
    }

    /** Calls per command since the server started or stats were reset, from {@code INFO commandstats}. */
    Map<String, Long> commandCalls() {
        return new TreeMap<>(CommandStats.parse(redis.info("commandstats")));
    }

    /**
     * The commands the server ran while {@code action} ran, with their counts. The {@code INFO}
     * this method sends to take its snapshots is left out. Commands run by a Lua script are
     * counted too: Redis counts them like any other.
     */
    Map<String, Long> commandsDuring(Runnable action) {
        Map<String, Long> before = commandCalls();
        action.run();
        Map<String, Long> after = commandCalls();
        Map<String, Long> delta = new HashMap<>();
        after.forEach((name, count) -> {
            long diff = count - before.getOrDefault(name, 0L);
            if (diff != 0 && !name.equals("info")) {
                delta.put(name, diff);
            }
        });
        return new TreeMap<>(delta);
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}

package io.sealedsession.benchmarks.sidebyside;

import io.lettuce.core.GetExArgs;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.redisson.Redisson;
import org.redisson.api.RBucket;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.GetExParams;
import redis.clients.jedis.params.SetParams;

/**
 * The raw floor of each client: what a request costs that only moves the same bytes as a sealed
 * session, with no session logic at all. A read is {@code GETEX key PX <idle>}; a write is that
 * read plus {@code SET key value XX PX <idle>} of the value read. They run on the very keys the
 * store wrote, so the values have the sealed records' size.
 *
 * <p>The bounded read is the same read as one {@code EVALSHA} of a script that checks
 * {@code STRLEN} first and refuses a value over the size limit before it is transferred.
 */
abstract class Floors implements Contender {

    /** The read that refuses an oversized value inside Redis: STRLEN, then GETEX only when it fits. */
    static final String BOUNDED_READ = """
            local n = redis.call('STRLEN', KEYS[1])
            if n > tonumber(ARGV[2]) then return n end
            return redis.call('GETEX', KEYS[1], 'PX', ARGV[1])
            """;

    static final long IDLE_MILLIS = Duration.ofMinutes(30).toMillis();
    /** The store's default limit on a sealed value: 64 KiB of record plus room for sealing. */
    static final long MAX_VALUE_BYTES = 64 * 1024 + 1024 + 8;

    static final byte[] IDLE = ascii(IDLE_MILLIS);
    static final int JEDIS_POOL_SIZE = 16;
    static final byte[] MAX = ascii(MAX_VALUE_BYTES);

    private final String client;
    private final String label;
    final boolean bounded;

    Floors(String client, String label, boolean bounded) {
        this.client = client;
        this.label = label;
        this.bounded = bounded;
    }

    /** The value of session {@code i}'s key, read with GETEX or with the bounded script. */
    abstract byte[] get(int i);

    /** SET XX PX of session {@code i}'s key. */
    abstract void set(int i, byte[] value);

    @Override
    public final String name() {
        return bounded ? "raw " + label + ", bounded read (EVALSHA)" : "raw " + label + " floor";
    }

    @Override
    public final String client() {
        return client;
    }

    @Override
    public final boolean floor() {
        return !bounded;
    }

    /** The bounded read is measured on reads only: a write adds the same SET XX to both. */
    @Override
    public final boolean writes() {
        return !bounded;
    }

    @Override
    public final void read(int i) {
        require(get(i));
    }

    @Override
    public final void write(int i, String csrf) {
        set(i, require(get(i)));
    }

    static final class Lettuce extends Floors {
        private final io.lettuce.core.RedisClient client;
        private final StatefulRedisConnection<byte[], byte[]> connection;
        private final RedisCommands<byte[], byte[]> commands;
        private final byte[][] keys;
        private final String sha;

        Lettuce(String uri, byte[][] keys, boolean bounded) {
            super("lettuce", "Lettuce", bounded);
            this.client = io.lettuce.core.RedisClient.create(uri);
            this.connection = client.connect(ByteArrayCodec.INSTANCE);
            this.commands = connection.sync();
            this.keys = keys;
            this.sha = commands.scriptLoad(BOUNDED_READ);
        }

        @Override
        byte[] get(int i) {
            if (bounded) {
                return commands.evalsha(sha, ScriptOutputType.VALUE, new byte[][] {keys[i]}, IDLE, MAX);
            }
            return commands.getex(keys[i], GetExArgs.Builder.px(IDLE_MILLIS));
        }

        @Override
        void set(int i, byte[] value) {
            commands.set(keys[i], value, SetArgs.Builder.xx().px(IDLE_MILLIS));
        }

        @Override
        public void close() {
            connection.close();
            client.shutdown();
        }
    }

    static final class Jedis extends Floors {
        private final RedisClient jedis;
        private final byte[][] keys;
        private final byte[] sha;
        private final List<byte[]> args = List.of(IDLE, MAX);

        Jedis(int port, byte[][] keys, boolean bounded) {
            super("jedis", "Jedis", bounded);
            GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
            // As many connections as the Jedis adapter's pool holds (JedisCommandExecutor.POOL_SIZE).
            pool.setMaxTotal(JEDIS_POOL_SIZE);
            pool.setMaxIdle(JEDIS_POOL_SIZE);
            this.jedis = RedisClient.builder().hostAndPort(new HostAndPort("127.0.0.1", port)).poolConfig(pool).build();
            this.keys = keys;
            this.sha = jedis.scriptLoad(BOUNDED_READ.getBytes(StandardCharsets.UTF_8), null);
        }

        @Override
        byte[] get(int i) {
            if (bounded) {
                return (byte[]) jedis.evalsha(sha, List.of(keys[i]), args);
            }
            return jedis.getEx(keys[i], GetExParams.getExParams().px(IDLE_MILLIS));
        }

        @Override
        void set(int i, byte[] value) {
            jedis.set(keys[i], value, SetParams.setParams().xx().px(IDLE_MILLIS));
        }

        @Override
        public void close() {
            jedis.close();
        }
    }

    /** Raw Redisson with its byte-array codec: a bucket per key, made once. */
    static final class RedissonFloor extends Floors {
        private static final Duration IDLE_TIME = Duration.ofMillis(IDLE_MILLIS);

        private final RedissonClient redisson;
        private final List<RBucket<byte[]>> buckets;
        private final List<Object> keyNames;
        private final RScript script;
        private final String sha;

        RedissonFloor(String uri, byte[][] keys, boolean bounded) {
            super("redisson", "Redisson (byte-array codec)", bounded);
            Config config = new Config();
            config.useSingleServer().setAddress(uri);
            this.redisson = Redisson.create(config);
            this.buckets = new ArrayList<>(keys.length);
            this.keyNames = new ArrayList<>(keys.length);
            for (byte[] key : keys) {
                String name = new String(key, StandardCharsets.US_ASCII);
                buckets.add(redisson.getBucket(name, org.redisson.client.codec.ByteArrayCodec.INSTANCE));
                keyNames.add(name);
            }
            this.script = redisson.getScript(org.redisson.client.codec.ByteArrayCodec.INSTANCE);
            this.sha = script.scriptLoad(BOUNDED_READ);
        }

        @Override
        byte[] get(int i) {
            if (bounded) {
                return script.evalSha(RScript.Mode.READ_WRITE, sha, RScript.ReturnType.VALUE, List.of(keyNames.get(i)), IDLE, MAX);
            }
            return buckets.get(i).getAndExpire(IDLE_TIME);
        }

        @Override
        void set(int i, byte[] value) {
            buckets.get(i).setIfExists(value, IDLE_TIME);
        }

        @Override
        public void close() {
            redisson.shutdown();
        }
    }

    private static byte[] require(byte[] value) {
        if (value == null) {
            throw new IllegalStateException("a benchmark session's key is gone");
        }
        return value;
    }

    private static byte[] ascii(long value) {
        return String.valueOf(value).getBytes(StandardCharsets.US_ASCII);
    }
}

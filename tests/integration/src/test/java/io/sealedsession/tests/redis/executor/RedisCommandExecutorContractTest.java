package io.sealedsession.tests.redis.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedsession.core.SessionStoreUnavailableException;
import io.sealedsession.redis.ExpiryCondition;
import io.sealedsession.redis.RedisClientProvider;
import io.sealedsession.redis.RedisCommandExecutor;
import io.sealedsession.redis.RedisCommandRejectedException;
import io.sealedsession.redis.RedisDurabilityException;
import io.sealedsession.redis.RedisReply;
import io.sealedsession.redis.RedisScriptNotLoadedException;
import io.sealedsession.redis.RedisStoreConfig;
import io.sealedsession.redis.ScoredMember;
import io.sealedsession.redis.spi.Durability;
import io.sealedsession.tests.redis.RedisMatrix;
import io.sealedsession.tests.redis.RedisSetup;
import io.sealedsession.tests.redis.RespConnection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract of {@link RedisCommandExecutor}, every command with its replies and errors, on each
 * client adapter found through {@link ServiceLoader} (as {@code RedisSessionStores} finds them)
 * and each deployment of {@link RedisSetup}. A fourth client passes it by being on the class path.
 */
@DisplayName("the command executor of each client, on each deployment")
class RedisCommandExecutorContractTest {

    private static final Map<String, RedisCommandExecutor> EXECUTORS = new ConcurrentHashMap<>();
    private static final byte[] BINARY = {0, (byte) 0xff, '\r', '\n', 'v'};

    /** Every client on the class path, as {@link ServiceLoader} finds them. */
    static List<String> clients() {
        return RedisMatrix.clients();
    }

    static Stream<Arguments> everywhere() {
        return clients().stream().flatMap(client -> Stream.of(RedisSetup.values()).map(setup -> Arguments.of(client, setup)));
    }

    /** Deployments with replicas behind each master. */
    static Stream<Arguments> replicated() {
        return everywhere().filter(a -> List.of(RedisSetup.CLUSTER, RedisSetup.SENTINEL).contains(a.get()[1]));
    }

    /** Deployments whose user may run scripts. */
    static Stream<Arguments> scripted() {
        return everywhere().filter(a -> a.get()[1] != RedisSetup.NO_SCRIPTING);
    }

    @AfterAll
    static void closeExecutors() {
        EXECUTORS.values().forEach(RedisCommandExecutor::close);
        EXECUTORS.clear();
    }

    private static RedisCommandExecutor executor(String client, RedisSetup setup) {
        return EXECUTORS.computeIfAbsent(client + "/" + setup, k -> open(setup.config(client)));
    }

    private static RedisCommandExecutor open(RedisStoreConfig config) {
        String name = config.client().orElseThrow();
        for (RedisClientProvider provider : ServiceLoader.load(RedisClientProvider.class)) {
            if (provider.name().equals(name)) {
                return provider.executor(config);
            }
        }
        throw new IllegalStateException("no client " + name);
    }

    private static String key() {
        return RedisSetup.NAMESPACE + ":x:{" + UUID.randomUUID() + "}";
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A default-user connection to the master that holds {@code key}. */
    private static RespConnection admin(RedisSetup setup, String key) {
        return switch (setup) {
            case CLUSTER, CLUSTER_TLS_ACL -> setup.cluster().admin(setup.cluster().masterForKey(key));
            case SENTINEL, SENTINEL_TLS_ACL -> setup.sentinelSet().admin(setup.server());
            default -> setup.admin();
        };
    }

    private static long pttl(RedisSetup setup, String key) {
        try (RespConnection admin = admin(setup, key)) {
            return admin.callLong("PTTL", key);
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("everywhere")
    @DisplayName("GET and GETEX answer the bytes as written, or null; GETEX sets the expiry")
    void getAndGetex(String client, RedisSetup setup) {
        RedisCommandExecutor executor = executor(client, setup);
        String key = key();
        assertThat(executor.get(bytes(key))).isNull();
        assertThat(executor.getex(bytes(key), 60_000)).isNull();
        assertThat(executor.setIfAbsent(bytes(key), BINARY, 600_000)).isTrue();

        assertThat(executor.get(bytes(key))).isEqualTo(BINARY);
        assertThat(executor.getex(bytes(key), 60_000)).isEqualTo(BINARY);
        assertThat(pttl(setup, key)).isBetween(1L, 60_000L);
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("everywhere")
    @DisplayName("SET NX writes only a missing key, SET XX only a present one, each with its expiry")
    void conditionalSets(String client, RedisSetup setup) {
        RedisCommandExecutor executor = executor(client, setup);
        String key = key();
        assertThat(executor.setIfPresent(bytes(key), bytes("a"), 60_000)).isFalse();
        assertThat(executor.get(bytes(key))).isNull();
        assertThat(executor.setIfAbsent(bytes(key), bytes("b"), 60_000)).isTrue();
        assertThat(executor.setIfAbsent(bytes(key), bytes("c"), 60_000)).isFalse();
        assertThat(executor.setIfPresent(bytes(key), bytes("d"), 30_000)).isTrue();

        assertThat(executor.get(bytes(key))).isEqualTo(bytes("d"));
        assertThat(pttl(setup, key)).isBetween(1L, 30_000L);
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("everywhere")
    @DisplayName("PEXPIRE sets an expiry on a present key only; NX only where none is, GT only to a later one")
    void pexpire(String client, RedisSetup setup) {
        RedisCommandExecutor executor = executor(client, setup);
        String key = key();
        assertThat(executor.pexpire(bytes(key), 10_000)).isFalse();
        try (RespConnection admin = admin(setup, key)) {
            admin.call("SET", key, "v");
        }
        assertThat(executor.pexpire(bytes(key), 50_000, ExpiryCondition.IF_LATER)).as("GT on a key without expiry").isFalse();
        assertThat(executor.pexpire(bytes(key), 50_000, ExpiryCondition.IF_NONE)).isTrue();
        assertThat(executor.pexpire(bytes(key), 90_000, ExpiryCondition.IF_NONE)).isFalse();
        assertThat(executor.pexpire(bytes(key), 10_000, ExpiryCondition.IF_LATER)).isFalse();
        assertThat(pttl(setup, key)).isBetween(40_000L, 50_000L);
        assertThat(executor.pexpire(bytes(key), 70_000, ExpiryCondition.IF_LATER)).isTrue();
        assertThat(pttl(setup, key)).isBetween(60_000L, 70_000L);
        assertThat(executor.pexpire(bytes(key), 20_000)).isTrue();
        assertThat(pttl(setup, key)).isBetween(1L, 20_000L);
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("everywhere")
    @DisplayName("GETDEL answers the value it removed, then null; UNLINK counts what it removed")
    void removals(String client, RedisSetup setup) {
        RedisCommandExecutor executor = executor(client, setup);
        String key = key();
        executor.setIfAbsent(bytes(key), BINARY, 60_000);
        assertThat(executor.getdel(bytes(key))).isEqualTo(BINARY);
        assertThat(executor.getdel(bytes(key))).isNull();

        executor.setIfAbsent(bytes(key), BINARY, 60_000);
        assertThat(executor.unlink(bytes(key))).isEqualTo(1);
        assertThat(executor.unlink(bytes(key))).isZero();
        assertThat(executor.get(bytes(key))).isNull();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("everywhere")
    @DisplayName("sorted sets: ZADD counts new members, ZRANGEBYSCORE is exclusive and ordered, ZREM and ZREMRANGEBYSCORE count")
    void sortedSets(String client, RedisSetup setup) {
        RedisCommandExecutor executor = executor(client, setup);
        byte[] key = bytes(key());
        assertThat(executor.zadd(key, 1_764_000_000_002L, bytes("b"))).isEqualTo(1);
        assertThat(executor.zadd(key, 1_764_000_000_001L, bytes("a"))).isEqualTo(1);
        assertThat(executor.zadd(key, 1_764_000_000_003L, BINARY)).isEqualTo(1);
        assertThat(executor.zadd(key, 1_764_000_000_004L, bytes("b"))).as("a new score only").isZero();

        List<ScoredMember> members = executor.zrangebyscore(key, 1_764_000_000_001L);
        assertThat(members).extracting(ScoredMember::score).containsExactly(1_764_000_000_003d, 1_764_000_000_004d);
        assertThat(members.get(0).member()).isEqualTo(BINARY);
        assertThat(members.get(1).member()).isEqualTo(bytes("b"));

        assertThat(executor.zremrangebyscore(key, 1_764_000_000_001L)).isEqualTo(1);
        assertThat(executor.zrem(key, List.of(bytes("b"), bytes("absent")))).isEqualTo(1);
        assertThat(executor.zrangebyscore(key, Double.NEGATIVE_INFINITY)).extracting(ScoredMember::score)
                .containsExactly(1_764_000_000_003d);
        assertThat(executor.zrangebyscore(bytes(key()), 0)).isEmpty();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("scripted")
    @DisplayName("SCRIPT LOAD answers the script's SHA-1; EVALSHA runs it with keys and arguments, in every reply shape")
    void scripts(String client, RedisSetup setup) throws NoSuchAlgorithmException {
        RedisCommandExecutor executor = executor(client, setup);
        String source = "redis.call('SET', KEYS[1], ARGV[1]) "
                + "if ARGV[2] == 'nil' then return false end "
                + "if ARGV[2] == 'int' then return 7 end "
                + "if ARGV[2] == 'bulk' then return redis.call('GET', KEYS[1]) end "
                + "return {1, ARGV[1], {ARGV[2]}}";
        String sha1 = executor.scriptLoad(bytes(source));
        assertThat(sha1).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes(source))));
        List<byte[]> keys = List.of(bytes(key()));

        assertThat(executor.evalsha(sha1, keys, List.of(BINARY, bytes("nil")))).isEqualTo(RedisReply.NIL);
        assertThat(executor.evalsha(sha1, keys, List.of(BINARY, bytes("int")))).isEqualTo(new RedisReply.Int(7));
        assertThat(executor.evalsha(sha1, keys, List.of(BINARY, bytes("bulk")))).isEqualTo(new RedisReply.Bulk(BINARY));
        assertThat(executor.evalsha(sha1, keys, List.of(BINARY, bytes("multi")))).isEqualTo(new RedisReply.Multi(List.of(
                new RedisReply.Int(1), new RedisReply.Bulk(BINARY), new RedisReply.Multi(List.of(new RedisReply.Bulk(bytes("multi")))))));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("scripted")
    @DisplayName("EVALSHA of an unknown script is RedisScriptNotLoadedException; a failing script is a rejection naming EVALSHA")
    void scriptErrors(String client, RedisSetup setup) {
        RedisCommandExecutor executor = executor(client, setup);
        List<byte[]> keys = List.of(bytes(key()));
        assertThatThrownBy(() -> executor.evalsha("0".repeat(40), keys, List.of()))
                .isInstanceOf(RedisScriptNotLoadedException.class);

        String failing = executor.scriptLoad(bytes("return redis.error_reply('BROKEN on purpose')"));
        assertThatThrownBy(() -> executor.evalsha(failing, keys, List.of()))
                .isInstanceOf(RedisCommandRejectedException.class)
                .hasMessageContaining("EVALSHA")
                .hasMessageContaining("BROKEN on purpose")
                .satisfies(e -> assertThat(((RedisCommandRejectedException) e).command()).isEqualTo("EVALSHA"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clients")
    @DisplayName("a user that may not run scripts gets a rejection for SCRIPT LOAD, not an outage")
    void scriptsRefused(String client) {
        RedisCommandExecutor executor = executor(client, RedisSetup.NO_SCRIPTING);
        assertThatThrownBy(() -> executor.scriptLoad(bytes("return 1")))
                .isInstanceOf(RedisCommandRejectedException.class)
                .hasMessageContaining("NOPERM");
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("everywhere")
    @DisplayName("an error reply is a RedisCommandRejectedException naming the command, without the key")
    void errorReply(String client, RedisSetup setup) {
        RedisCommandExecutor executor = executor(client, setup);
        String key = key();
        executor.setIfAbsent(bytes(key), bytes("not a sorted set"), 60_000);
        assertThatThrownBy(() -> executor.zadd(bytes(key), 1, bytes("m")))
                .isInstanceOf(RedisCommandRejectedException.class)
                .hasMessageContaining("ZADD")
                .hasMessageContaining("WRONGTYPE")
                .hasMessageNotContaining(key);
        assertThatThrownBy(() -> executor.command(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("everywhere")
    @DisplayName("a closed executor sends nothing and says so; closing again is harmless")
    void closed(String client, RedisSetup setup) {
        RedisCommandExecutor executor = open(setup.config(client));
        executor.close();
        executor.close();
        assertThatThrownBy(() -> executor.get(bytes(key())))
                .isInstanceOf(SessionStoreUnavailableException.class)
                .hasMessageContaining("was closed; GET not sent");
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("everywhere")
    @DisplayName("a reply that does not come within the command timeout is an outage naming the command")
    void timeout(String client, RedisSetup setup) {
        RedisStoreConfig config = RedisStoreConfig.from(setup.config(client)).commandTimeout(Duration.ofMillis(300)).build();
        String key = key();
        try (RedisCommandExecutor executor = open(config)) {
            executor.get(bytes(key)); // connected and warm
            try (RespConnection admin = admin(setup, key)) {
                // Writes wait while the server is paused; reads, pings and replication go on.
                admin.call("CLIENT", "PAUSE", "1500", "WRITE");
                try {
                    assertThatThrownBy(() -> executor.setIfAbsent(bytes(key), bytes("v"), 60_000))
                            .isInstanceOf(SessionStoreUnavailableException.class)
                            .hasMessageContaining("did not answer SET in time");
                } finally {
                    admin.call("CLIENT", "UNPAUSE");
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("replicated")
    @DisplayName("durability: a write reports its replicas' acknowledgement; too few is a RedisDurabilityException, the write applied")
    void durability(String client, RedisSetup setup) {
        RedisCommandExecutor executor = executor(client, setup);
        RedisCommandExecutor one = executor.withDurability(new Durability(1, 1_000));
        String key = key();
        assertThat(one.setIfAbsent(bytes(key), bytes("v"), 60_000)).isTrue();
        assertThat(one.get(bytes(key))).isEqualTo(bytes("v"));

        RedisCommandExecutor two = executor.withDurability(new Durability(2, 100));
        assertThatThrownBy(() -> two.unlink(bytes(key)))
                .isInstanceOf(RedisDurabilityException.class)
                .hasMessageContaining("only 1 of 2 replicas")
                .satisfies(e -> assertThat(((RedisDurabilityException) e).acknowledged()).isEqualTo(1));
        assertThat(executor.get(bytes(key))).as("applied on the master all the same").isNull();
        assertThat(executor.withDurability(Durability.NONE)).isSameAs(executor);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clients")
    @DisplayName("durability on a server without replicas: every write that changed something fails as not confirmed")
    void durabilityWithoutReplicas(String client) {
        RedisCommandExecutor executor = executor(client, RedisSetup.PLAIN).withDurability(new Durability(1, 50));
        String key = key();
        assertThatThrownBy(() -> executor.setIfAbsent(bytes(key), bytes("v"), 60_000))
                .isInstanceOf(RedisDurabilityException.class)
                .satisfies(e -> assertThat(((RedisDurabilityException) e).acknowledged()).isZero());
        assertThat(executor.get(bytes(key))).as("reads are not waited for").isEqualTo(bytes("v"));
    }
}

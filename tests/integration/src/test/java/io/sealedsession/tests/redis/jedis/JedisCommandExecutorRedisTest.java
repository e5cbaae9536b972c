package io.sealedsession.tests.redis.jedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedsession.core.SessionStoreUnavailableException;
import io.sealedsession.jedis.JedisCommandExecutor;
import io.sealedsession.redis.ExpiryCondition;
import io.sealedsession.redis.RedisCommandRejectedException;
import io.sealedsession.redis.RedisReply;
import io.sealedsession.redis.RedisScriptNotLoadedException;
import io.sealedsession.redis.RedisStoreConfig;
import io.sealedsession.redis.ScoredMember;
import io.sealedsession.tests.redis.RedisServer;
import io.sealedsession.tests.redis.RedisStats;
import io.sealedsession.tests.redis.RespConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The Jedis executor's commands, replies and errors, against a real redis-server; Redis is read over plain RESP. */
class JedisCommandExecutorRedisTest {

    private static final String PASSWORD = "pw-" + Long.toHexString(System.nanoTime());
    private static final byte[] EVERY_BYTE = everyByte();

    private static RedisServer server;
    private static RespConnection admin;
    private static JedisCommandExecutor executor;

    @BeforeAll
    static void startRedis() {
        server = RedisServer.builder()
                .config("user limited on >" + PASSWORD + " resetkeys ~ok:* resetchannels -@all +get +set +select")
                .start();
        admin = RespConnection.to(server);
        executor = JedisCommandExecutor.connect(RedisStoreConfig.custom().uri(server.uri()).commandTimeout(Duration.ofSeconds(1)).build());
    }

    @AfterAll
    static void stopRedis() {
        executor.close();
        admin.close();
        server.close();
    }

    @BeforeEach
    void emptyRedis() {
        admin.call("FLUSHALL");
        admin.call("SCRIPT", "FLUSH");
    }

    @Nested
    @DisplayName("commands")
    class Commands {

        @Test
        @DisplayName("keys, values and members carry every byte value unchanged, both ways")
        void binarySafe() {
            byte[] key = concat("k:".getBytes(StandardCharsets.US_ASCII), EVERY_BYTE);

            assertThat(executor.setIfAbsent(key, EVERY_BYTE, 60_000)).isTrue();
            assertThat(admin.call("GET", key)).isEqualTo(EVERY_BYTE);
            assertThat(executor.get(key)).isEqualTo(EVERY_BYTE);
            assertThat(executor.getex(key, 60_000)).isEqualTo(EVERY_BYTE);
            assertThat(executor.unlink(key)).isEqualTo(1);

            byte[] setKey = concat("z:".getBytes(StandardCharsets.US_ASCII), EVERY_BYTE);
            assertThat(executor.zadd(setKey, 5, EVERY_BYTE)).isEqualTo(1);
            assertThat((List<?>) admin.call("ZRANGE", setKey, "0", "-1")).singleElement().isEqualTo(EVERY_BYTE);
            assertThat(executor.zrangebyscore(setKey, 0)).containsExactly(new ScoredMember(EVERY_BYTE, 5));
        }

        @Test
        @DisplayName("SET NX and XX write only when the key is absent or present, with the expiry given")
        void conditionalSets() {
            byte[] key = bytes("k");

            assertThat(executor.setIfPresent(key, bytes("a"), 60_000)).isFalse();
            assertThat(admin.call("EXISTS", "k")).isEqualTo(0L);
            assertThat(executor.setIfAbsent(key, bytes("b"), 60_000)).isTrue();
            assertThat(executor.setIfAbsent(key, bytes("c"), 60_000)).isFalse();
            assertThat(executor.setIfPresent(key, bytes("d"), 30_000)).isTrue();

            assertThat(admin.call("GET", "k")).isEqualTo(bytes("d"));
            assertThat(admin.callLong("PTTL", "k")).isBetween(25_000L, 30_000L);
        }

        @Test
        @DisplayName("GETEX sets the expiry of a present key and returns null for an absent one")
        void getex() {
            admin.call("SET", "k", "v", "PX", "600000");

            assertThat(executor.getex(bytes("k"), 5_000)).isEqualTo(bytes("v"));
            assertThat(admin.callLong("PTTL", "k")).isBetween(1L, 5_000L);
            assertThat(executor.getex(bytes("absent"), 5_000)).isNull();
            assertThat(executor.get(bytes("absent"))).isNull();
        }

        @Test
        @DisplayName("PEXPIRE with NX and GT sets an expiry only when none is set, or only to a later one")
        void pexpireConditions() {
            admin.call("SET", "k", "v");

            assertThat(executor.pexpire(bytes("k"), 50_000, ExpiryCondition.IF_LATER)).isFalse();
            assertThat(executor.pexpire(bytes("k"), 50_000, ExpiryCondition.IF_NONE)).isTrue();
            assertThat(executor.pexpire(bytes("k"), 90_000, ExpiryCondition.IF_NONE)).isFalse();
            assertThat(executor.pexpire(bytes("k"), 10_000, ExpiryCondition.IF_LATER)).isFalse();
            assertThat(admin.callLong("PTTL", "k")).isBetween(45_000L, 50_000L);
            assertThat(executor.pexpire(bytes("k"), 70_000, ExpiryCondition.IF_LATER)).isTrue();
            assertThat(admin.callLong("PTTL", "k")).isBetween(65_000L, 70_000L);
            assertThat(executor.pexpire(bytes("k"), 20_000)).isTrue();
            assertThat(admin.callLong("PTTL", "k")).isBetween(15_000L, 20_000L);
            assertThat(executor.pexpire(bytes("k"), 20_000)).isTrue();
            assertThat(executor.pexpire(bytes("absent"), 20_000)).isFalse();
        }

        @Test
        @DisplayName("UNLINK says whether it removed the key")
        void unlink() {
            admin.call("SET", "k", "v");

            assertThat(executor.unlink(bytes("k"))).isEqualTo(1);
            assertThat(executor.unlink(bytes("k"))).isZero();
            assertThat(admin.call("EXISTS", "k")).isEqualTo(0L);
        }

        @Test
        @DisplayName("sorted sets: ZRANGEBYSCORE excludes its bound and orders by score, then bytes; ZREMRANGEBYSCORE includes its bound")
        void sortedSets() {
            byte[] key = bytes("z");
            assertThat(executor.zadd(key, 1_767_225_600_000d, bytes("b"))).isEqualTo(1);
            assertThat(executor.zadd(key, 1_767_225_600_000d, bytes("a"))).isEqualTo(1);
            assertThat(executor.zadd(key, 1_767_225_500_000d, EVERY_BYTE)).isEqualTo(1);
            assertThat(executor.zadd(key, 1_767_225_700_000d, bytes("c"))).isEqualTo(1);
            assertThat(executor.zadd(key, 1_767_225_700_001d, bytes("c"))).isZero();

            assertThat(executor.zrangebyscore(key, 1_767_225_500_000d)).containsExactly(
                    new ScoredMember(bytes("a"), 1_767_225_600_000d),
                    new ScoredMember(bytes("b"), 1_767_225_600_000d),
                    new ScoredMember(bytes("c"), 1_767_225_700_001d));
            assertThat(executor.zrangebyscore(key, Double.NEGATIVE_INFINITY)).hasSize(4).first()
                    .isEqualTo(new ScoredMember(EVERY_BYTE, 1_767_225_500_000d));

            assertThat(executor.zremrangebyscore(key, 1_767_225_600_000d)).isEqualTo(3);
            assertThat(executor.zrem(key, List.of(bytes("c"), bytes("absent")))).isEqualTo(1);
            assertThat(admin.call("EXISTS", "z")).isEqualTo(0L);
        }
    }

    @Nested
    @DisplayName("scripts")
    class Scripts {

        @Test
        @DisplayName("SCRIPT LOAD answers the script's SHA-1, and EVALSHA returns every reply shape as Redis sent it")
        void replyShapes() {
            String script = "redis.call('SET', KEYS[1], ARGV[1]) "
                    + "return {1, ARGV[1], {redis.status_reply('OK'), -2}, false, redis.call('GET', KEYS[1])}";
            String sha = executor.scriptLoad(bytes(script));
            assertThat(sha).matches("[0-9a-f]{40}");

            RedisReply reply = executor.evalsha(sha, List.of(bytes("k")), List.of(EVERY_BYTE));

            // Lua false becomes a nil reply inside the array.
            assertThat(reply).isEqualTo(new RedisReply.Multi(List.of(
                    new RedisReply.Int(1),
                    new RedisReply.Bulk(EVERY_BYTE),
                    new RedisReply.Multi(List.of(new RedisReply.Bulk(bytes("OK")), new RedisReply.Int(-2))),
                    RedisReply.NIL,
                    new RedisReply.Bulk(EVERY_BYTE))));
            assertThat(admin.call("GET", "k")).isEqualTo(EVERY_BYTE);
            assertThat(executor.evalsha(executor.scriptLoad(bytes("return false")), List.of(), List.of())).isEqualTo(RedisReply.NIL);
            assertThat(executor.evalsha(executor.scriptLoad(bytes("return 7")), List.of(), List.of())).isEqualTo(new RedisReply.Int(7));
        }

        @Test
        @DisplayName("a script the server does not have: RedisScriptNotLoadedException, so that the store loads it and retries")
        void noScript() {
            String sha = executor.scriptLoad(bytes("return 1"));
            admin.call("SCRIPT", "FLUSH");

            assertThatThrownBy(() -> executor.evalsha(sha, List.of(), List.of()))
                    .isInstanceOf(RedisScriptNotLoadedException.class)
                    .hasMessageContaining("NOSCRIPT");
        }

        @Test
        @DisplayName("a script's error reply: RedisCommandRejectedException with the script's message")
        void scriptError() {
            String sha = executor.scriptLoad(bytes("return redis.error_reply('ERR version check failed')"));

            assertThatThrownBy(() -> executor.evalsha(sha, List.of(), List.of()))
                    .isInstanceOf(RedisCommandRejectedException.class)
                    .hasMessage("Redis refused EVALSHA: ERR version check failed");
        }
    }

    @Nested
    @DisplayName("errors")
    class Errors {

        @Test
        @DisplayName("a command on a key of another type: rejected, WRONGTYPE in the message, cause kept")
        void wrongType() {
            admin.call("ZADD", "z", "1", "m");

            assertThatThrownBy(() -> executor.getex(bytes("z"), 1_000))
                    .isInstanceOf(RedisCommandRejectedException.class)
                    .hasMessageStartingWith("Redis refused GETEX: WRONGTYPE")
                    .hasCauseInstanceOf(redis.clients.jedis.exceptions.JedisDataException.class)
                    .satisfies(e -> assertThat(((RedisCommandRejectedException) e).command()).isEqualTo("GETEX"));
        }

        @Test
        @DisplayName("a missing permission: rejected, naming the command and NOPERM, without key or password")
        void missingPermission() {
            try (JedisCommandExecutor limited = JedisCommandExecutor.connect(RedisStoreConfig.custom()
                    .uri(server.uri()).credentials("limited", PASSWORD.toCharArray()).build())) {
                assertThat(limited.setIfAbsent(bytes("ok:1"), bytes("v"), 1_000)).isTrue();

                assertThatThrownBy(() -> limited.getex(bytes("ok:secret-key"), 1_000))
                        .isInstanceOf(RedisCommandRejectedException.class)
                        .hasMessageStartingWith("Redis refused GETEX: NOPERM")
                        .hasMessageNotContaining("secret-key")
                        .hasMessageNotContaining(PASSWORD);
                assertThatThrownBy(() -> limited.get(bytes("other:secret-key")))
                        .isInstanceOf(RedisCommandRejectedException.class)
                        .hasMessageStartingWith("Redis refused GET: NOPERM")
                        .hasMessageNotContaining("secret-key");
            }
        }

        @Test
        @DisplayName("an unknown command: the arguments Redis echoes are withheld, and Jedis's exception, which quotes them, dropped")
        void unknownCommandEchoWithheld() {
            try (RedisServer noScripts = RedisServer.builder().config("rename-command SCRIPT \"\"").start();
                    JedisCommandExecutor onIt = JedisCommandExecutor.connect(RedisStoreConfig.forUri(noScripts.uri()))) {
                assertThatThrownBy(() -> onIt.scriptLoad(bytes("return 'secret-script'")))
                        .isInstanceOf(RedisCommandRejectedException.class)
                        .hasMessageStartingWith("Redis refused SCRIPT LOAD: ERR unknown command")
                        .hasMessageContaining("(arguments withheld)")
                        .hasMessageNotContaining("secret-script")
                        .hasNoCause();
            }
        }

        @Test
        @DisplayName("a login Redis refuses: rejected when connecting, WRONGPASS in the message, no password anywhere")
        void wrongPassword() {
            assertThatThrownBy(() -> JedisCommandExecutor.connect(RedisStoreConfig.custom()
                    .uri(server.uri()).credentials("limited", "not-the-password".toCharArray()).build()))
                    .isInstanceOf(RedisCommandRejectedException.class)
                    .hasMessageStartingWith("Redis refused the connection set-up: WRONGPASS")
                    .hasMessageNotContaining("not-the-password");
        }

        @Test
        @DisplayName("nothing listening: unavailable when connecting, naming host and port")
        void nothingListening() {
            int port;
            try (RedisServer gone = RedisServer.startDefault()) {
                port = gone.port();
            }
            assertThatThrownBy(() -> JedisCommandExecutor.connect(RedisStoreConfig.forUri("redis://127.0.0.1:" + port)))
                    .isInstanceOf(SessionStoreUnavailableException.class)
                    .hasMessage("Redis at redis://127.0.0.1:" + port + " cannot be reached (connect)")
                    .hasCauseInstanceOf(redis.clients.jedis.exceptions.JedisConnectionException.class);
        }

        @Test
        @DisplayName("an interrupted caller: unavailable with its interrupt status kept; the pool replaces the connection the interrupt closed")
        void interruptedCaller() {
            admin.call("SET", "k", "v");
            Thread.currentThread().interrupt();
            try {
                assertThatThrownBy(() -> executor.get(bytes("k")))
                        .isInstanceOf(SessionStoreUnavailableException.class)
                        .hasMessageContaining("interrupted while waiting for Redis at");
                assertThat(Thread.currentThread().isInterrupted()).isTrue();
            } finally {
                Thread.interrupted();
            }
            assertThat(executor.get(bytes("k"))).isEqualTo(bytes("v"));
        }

        @Test
        @DisplayName("a closed executor sends nothing and says so; closing again does nothing")
        void closedExecutor() {
            JedisCommandExecutor closing = JedisCommandExecutor.connect(RedisStoreConfig.forUri(server.uri()));
            closing.close();
            closing.close();

            assertThatThrownBy(() -> closing.get(bytes("k")))
                    .isInstanceOf(SessionStoreUnavailableException.class)
                    .hasMessageContaining("was closed; GET not sent");
        }
    }

    @Nested
    @DisplayName("connections")
    class Connections {

        @Test
        @DisplayName("a new connection sends AUTH and SELECT and nothing else: no HELLO, PING or CLIENT SETINFO")
        void connectionSetUpCommands() {
            admin.call("CONFIG", "RESETSTAT");
            try (JedisCommandExecutor onDatabase2 = JedisCommandExecutor.connect(RedisStoreConfig.custom()
                    .uri("redis://127.0.0.1:" + server.port() + "/2")
                    .credentials("limited", PASSWORD.toCharArray())
                    .build())) {
                assertThat(onDatabase2.setIfAbsent(bytes("ok:in-2"), bytes("v"), 60_000)).isTrue();
            }

            // Two connections: the one that proves the login when connecting, and the pooled one.
            Map<String, Long> calls = RedisStats.commandCalls(admin);
            calls.remove("config|resetstat");
            assertThat(calls).containsExactlyInAnyOrderEntriesOf(Map.of("auth", 2L, "select", 2L, "set", 1L));
            admin.call("SELECT", "2");
            try {
                assertThat(admin.call("GET", "ok:in-2")).isEqualTo(bytes("v"));
            } finally {
                admin.call("SELECT", "0");
            }
        }

        @Test
        @DisplayName("connections are pooled: sequential commands share one, and closing the executor closes them")
        void pooledAndClosed() {
            int clientsBefore = RedisStats.clientCount(admin);
            long connectionsBefore = RedisStats.connectionsReceived(admin);
            JedisCommandExecutor pooled = JedisCommandExecutor.connect(RedisStoreConfig.forUri(server.uri()));
            for (int i = 0; i < 50; i++) {
                pooled.setIfPresent(bytes("k"), bytes("v"), 1_000);
            }
            assertThat(RedisStats.connectionsReceived(admin) - connectionsBefore).isEqualTo(2); // the login check, then one pooled
            RedisStats.awaitClientCount(admin, clientsBefore + 1);
            assertThat(RedisStats.clientCount(admin)).isEqualTo(clientsBefore + 1);

            pooled.close();

            RedisStats.awaitClientCount(admin, clientsBefore);
            assertThat(RedisStats.clientCount(admin)).isEqualTo(clientsBefore);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static byte[] everyByte() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        return all;
    }
}

package io.sealedsession.tests.redis;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedsession.redis.RedisCommandExecutor;
import io.sealedsession.redis.RedisCommandRejectedException;
import io.sealedsession.redis.RedisReply;
import io.sealedsession.redis.RedisSessionStores;
import io.sealedsession.redis.RedisStoreConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link RedisCommandExecutor#command}, the diagnostic path, on every client: each reply shape
 * (status, bulk, integer, array, nested array, nil) arrives as the same {@link RedisReply}, and an
 * error reply is a {@link RedisCommandRejectedException} whatever the client. The executors are
 * opened the way {@code session-cli doctor} opens them, through {@link RedisSessionStores#openExecutor}.
 */
class DiagnosticCommandTest {

    private static final String PASSWORD = "diag-" + TestData.base64url(12);

    private static RedisServer server;

    @BeforeAll
    static void startRedis() {
        TestData.quietLogs();
        server = RedisServer.builder().config(
                        "maxmemory-policy volatile-lru",
                        "user diag on >" + PASSWORD + " resetkeys ~diag:* resetchannels -@all"
                                + " +info +config|get +acl|whoami +acl|getuser +client|list +ping +dbsize +get +set",
                        "user limited on >" + PASSWORD + " resetkeys ~diag:* resetchannels -@all +get")
                .start();
    }

    @AfterAll
    static void stopRedis() {
        server.close();
    }

    static Stream<String> clients() {
        return RedisMatrix.clients().stream();
    }

    private static RedisCommandExecutor open(String client, String user) {
        return RedisSessionStores.openExecutor(RedisStoreConfig.custom()
                .uri(server.uri())
                .client(client)
                .credentials(user, PASSWORD.toCharArray())
                .build());
    }

    private static RedisReply send(RedisCommandExecutor executor, Object... words) {
        List<byte[]> command = new ArrayList<>();
        for (Object word : words) {
            command.add(word instanceof byte[] bytes ? bytes : word.toString().getBytes(US_ASCII));
        }
        return executor.command(command);
    }

    private static String text(RedisReply reply) {
        assertThat(reply).isInstanceOf(RedisReply.Bulk.class);
        return new String(((RedisReply.Bulk) reply).value(), US_ASCII);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clients")
    @DisplayName("INFO, CONFIG GET, ACL WHOAMI and CLIENT LIST answer with bulk strings and arrays")
    void diagnosticsReadTheServer(String client) {
        try (RedisCommandExecutor executor = open(client, "diag")) {
            assertThat(text(send(executor, "INFO", "server"))).contains("redis_version:");
            assertThat(send(executor, "CONFIG", "GET", "maxmemory-policy")).isEqualTo(new RedisReply.Multi(List.of(
                    new RedisReply.Bulk("maxmemory-policy".getBytes(US_ASCII)), new RedisReply.Bulk("volatile-lru".getBytes(US_ASCII)))));
            assertThat(text(send(executor, "ACL", "WHOAMI"))).isEqualTo("diag");
            assertThat(text(send(executor, "CLIENT", "LIST"))).contains("user=diag").contains("cmd=client|list");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clients")
    @DisplayName("status, integer, nil, nested arrays and binary values keep their shape and bytes")
    void replyShapes(String client) {
        byte[] everyByte = new byte[256];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = (byte) i;
        }
        String key = "diag:" + client;
        try (RedisCommandExecutor executor = open(client, "diag")) {
            assertThat(text(send(executor, "PING"))).isEqualTo("PONG");
            assertThat(text(send(executor, "SET", key, everyByte))).isEqualTo("OK");
            assertThat(send(executor, "GET", key.getBytes(US_ASCII))).isEqualTo(new RedisReply.Bulk(everyByte));
            assertThat(send(executor, "GET", "diag:absent")).isEqualTo(RedisReply.NIL);
            assertThat(send(executor, "DBSIZE")).isInstanceOf(RedisReply.Int.class);
            assertThat(((RedisReply.Int) send(executor, "DBSIZE")).value()).isPositive();

            RedisReply user = send(executor, "ACL", "GETUSER", "diag");
            assertThat(user).isInstanceOf(RedisReply.Multi.class);
            List<RedisReply> fields = ((RedisReply.Multi) user).items();
            int flags = fieldIndex(fields, "flags");
            assertThat(fields.get(flags + 1)).as("flags are an array inside the array")
                    .isEqualTo(new RedisReply.Multi(List.of(new RedisReply.Bulk("on".getBytes(US_ASCII)))));
            assertThat(text(fields.get(fieldIndex(fields, "keys") + 1))).isEqualTo("~diag:*");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clients")
    @DisplayName("an error reply is a RedisCommandRejectedException naming the command, and the executor keeps working")
    void errorReplies(String client) {
        try (RedisCommandExecutor limited = open(client, "limited")) {
            assertThatThrownBy(() -> send(limited, "CONFIG", "GET", "maxmemory-policy"))
                    .isInstanceOf(RedisCommandRejectedException.class)
                    .hasMessageContaining("CONFIG")
                    .hasMessageContaining("NOPERM")
                    .satisfies(e -> assertThat(((RedisCommandRejectedException) e).command()).isEqualTo("CONFIG"));
            assertThatThrownBy(() -> send(limited, "NOSUCHCOMMAND", "diag:secret-argument"))
                    .isInstanceOf(RedisCommandRejectedException.class)
                    .hasMessageContaining("NOSUCHCOMMAND")
                    .hasMessageNotContaining("secret-argument");
            assertThat(send(limited, "GET", "diag:absent")).as("the connection survives errors").isEqualTo(RedisReply.NIL);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clients")
    @DisplayName("a command without a name is refused before anything is sent")
    void emptyCommand(String client) {
        try (RedisCommandExecutor executor = open(client, "diag")) {
            assertThatThrownBy(() -> executor.command(List.of())).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static int fieldIndex(List<RedisReply> fields, String name) {
        for (int i = 0; i < fields.size(); i += 2) {
            if (fields.get(i) instanceof RedisReply.Bulk bulk && Arrays.equals(bulk.value(), name.getBytes(US_ASCII))) {
                return i;
            }
        }
        throw new AssertionError("ACL GETUSER has no field " + name + ": " + fields);
    }
}

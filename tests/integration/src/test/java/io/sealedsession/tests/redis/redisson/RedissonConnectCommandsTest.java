package io.sealedsession.tests.redis.redisson;

import static io.sealedsession.tests.redis.TestData.principalKey;
import static io.sealedsession.tests.redis.TestData.sealed;
import static io.sealedsession.tests.redis.TestData.sessionKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.sealedsession.core.SessionKey;
import io.sealedsession.core.port.PrincipalKey;
import io.sealedsession.core.port.ReplaceResult;
import io.sealedsession.redis.RedisCommandRejectedException;
import io.sealedsession.redis.RedisSessionStore;
import io.sealedsession.redis.RedisSessionStores;
import io.sealedsession.redis.RedisStoreConfig;
import io.sealedsession.redis.ScriptingMode;
import io.sealedsession.tests.redis.CommandStats;
import io.sealedsession.tests.redis.RedisServer;
import io.sealedsession.tests.redis.RedisStats;
import io.sealedsession.tests.redis.RespConnection;
import io.sealedsession.tests.redis.TestData;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A3 on Redisson: what Redisson sends besides the store's commands, seen by the server. The user
 * may run exactly {@link RedisSessionStore#requiredCommands}, on {@code ~ss:*} only.
 */
class RedissonConnectCommandsTest {

    private static final String PASSWORD = TestData.base64url(18);
    private static final Duration IDLE = Duration.ofMinutes(30);

    private static RedisServer server;
    private static RespConnection raw;

    @BeforeAll
    static void startRedis() {
        TestData.quietLogs();
        server = RedisServer.builder()
                .config(user("app", RedisSessionStore.requiredCommands(ScriptingMode.SCRIPTS)),
                        user("nogetex", RedisSessionStore.requiredCommands(ScriptingMode.NONE).stream()
                                .filter(c -> !c.equals("getex")).toList()))
                .start();
        raw = RespConnection.to(server);
    }

    private static String user(String name, List<String> commands) {
        return "user " + name + " on >" + PASSWORD + " resetkeys ~ss:* resetchannels -@all "
                + commands.stream().map(c -> "+" + c).collect(Collectors.joining(" "));
    }

    @AfterAll
    static void stopRedis() {
        raw.close();
        server.close();
    }

    @BeforeEach
    void emptyAclLog() {
        raw.call("ACL", "LOG", "RESET");
        raw.call("CONFIG", "RESETSTAT");
    }

    @Test
    @DisplayName("on start: AUTH per connection and one refused cluster probe (EVAL), nothing else; then only the store's commands")
    void onlyAuthAndTheClusterProbe() {
        AtomicReference<RedisSessionStore> opened = new AtomicReference<>();
        Map<String, Long> ranOnStart = CommandStats.during(raw, () -> opened.set(RedisSessionStores.open(
                RedisStoreConfig.custom().uri(server.uri()).client("redisson").credentials("app", PASSWORD.toCharArray())
                        .build())));
        Map<String, Long> refusedOnStart = refused();

        try (RedisSessionStore store = opened.get()) {
            assertThat(ranOnStart.keySet()).containsOnly("auth");
            assertThat(refusedOnStart).isEqualTo(Map.of("eval", 1L));
            assertThat(aclLog()).singleElement().satisfies(entry -> {
                assertThat(entry).containsEntry("reason", "command").containsEntry("object", "eval")
                        .containsEntry("username", "app");
            });
            // No CLIENT SETNAME: the store's connections have no name.
            assertThat(clientsOf("app")).isNotEmpty().allSatisfy(client -> assertThat(client).contains(" name= "));

            useEveryOperation(store);

            // Every operation ran, and nothing more was refused.
            assertThat(aclLog()).hasSize(1);
            assertThat(refused()).isEqualTo(Map.of("eval", 1L));
        }
    }

    @Test
    @DisplayName("a command the ACL refuses fails as rejected, with the server's reason and without the key (GETEX, the read without scripting)")
    void refusedCommandRejected() {
        try (RedisSessionStore store = RedisSessionStores.open(RedisStoreConfig.custom().uri(server.uri())
                .client("redisson").scripting(ScriptingMode.NONE).credentials("nogetex", PASSWORD.toCharArray()).build())) {
            SessionKey key = sessionKey();
            assertThat(store.create(key, sealed(10), IDLE)).isTrue();

            Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> store.load(key, IDLE));

            assertThat(thrown).isInstanceOf(RedisCommandRejectedException.class)
                    .hasMessageStartingWith("Redis refused GETEX: NOPERM")
                    .hasMessageContaining("'getex'");
            assertThat(((RedisCommandRejectedException) thrown).command()).isEqualTo("GETEX");
            assertThat(TestData.everything(thrown)).doesNotContain(key.value(), PASSWORD);
            // Refused before it ran: the record's expiry is untouched, and a load without touch works.
            assertThat(store.load(key, null)).isPresent();
        }
    }

    private static void useEveryOperation(RedisSessionStore store) {
        SessionKey key = sessionKey();
        PrincipalKey principal = principalKey();
        Instant now = Instant.now();
        assertThat(store.create(key, sealed(10), IDLE)).isTrue();
        assertThat(store.load(key, IDLE)).isPresent();
        assertThat(store.load(key, null)).isPresent();
        assertThat(store.replace(key, 1, sealed(10), IDLE)).isEqualTo(ReplaceResult.replaced(2));
        assertThat(store.expire(key, IDLE)).isTrue();
        store.index(principal, key, now.plusSeconds(60), now);
        assertThat(store.indexed(principal, now)).hasSize(1);
        store.unindex(principal, List.of(key), now);
        store.delete(key);
        assertThat(store.load(key, null)).isEmpty();
    }

    /** Commands the server refused since the statistics were reset, by name. */
    private static Map<String, Long> refused() {
        Map<String, Long> refused = new java.util.TreeMap<>(RedisStats.commandStat(raw, "rejected_calls"));
        refused.values().removeIf(count -> count == 0);
        return refused;
    }

    /** ACL LOG as one map of fields per entry, newest first. */
    private static List<Map<String, String>> aclLog() {
        List<Map<String, String>> entries = new ArrayList<>();
        for (Object entry : (List<?>) raw.call("ACL", "LOG")) {
            List<?> fields = (List<?>) entry;
            Map<String, String> map = new LinkedHashMap<>();
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                map.put(text(fields.get(i)), text(fields.get(i + 1)));
            }
            entries.add(map);
        }
        return entries;
    }

    private static List<String> clientsOf(String user) {
        String list = text(raw.call("CLIENT", "LIST"));
        return list.lines().filter(line -> line.contains(" user=" + user + " ")).toList();
    }

    private static String text(Object reply) {
        return reply instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(reply);
    }
}

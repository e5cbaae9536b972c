package io.sealedsession.tests.redis;

import static io.sealedsession.tests.redis.TestData.principalKey;
import static io.sealedsession.tests.redis.TestData.sealed;
import static io.sealedsession.tests.redis.TestData.sessionKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedsession.core.SessionKey;
import io.sealedsession.core.port.IndexEntry;
import io.sealedsession.core.port.PrincipalKey;
import io.sealedsession.core.port.ReplaceResult;
import io.sealedsession.redis.RedisCommandRejectedException;
import io.sealedsession.redis.RedisSessionStore;
import io.sealedsession.redis.RedisSessionStores;
import io.sealedsession.redis.RedisStoreConfig;
import io.sealedsession.redis.ScriptingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

/**
 * A3 at store level: an ACL user limited to the namespace's keys and to exactly
 * {@link RedisSessionStore#requiredCommands} can do everything the store does, in both modes. The
 * contract kit will run whole scenarios as such a user; this proves the list is complete.
 */
@OnEveryClient
class LeastPrivilegeAclTest {

    /** The provider name, such as {@code "lettuce"}. */
    @Parameter
    String client;

    private static final String PASSWORD = "acl-" + TestData.base64url(12);
    private static final Duration IDLE = Duration.ofMinutes(30);

    private static RedisServer server;

    @BeforeAll
    static void startRedis() {
        TestData.quietLogs();
        server = RedisServer.builder().config(
                        user("scripts", "ss", RedisSessionStore.requiredCommands(ScriptingMode.SCRIPTS)),
                        user("plain", "ss", RedisSessionStore.requiredCommands(ScriptingMode.NONE)),
                        user("nogetex", "ss", RedisSessionStore.requiredCommands(ScriptingMode.NONE).stream()
                                .filter(c -> !c.equals("getex")).toList()),
                        user("noscriptgetex", "ss", RedisSessionStore.requiredCommands(ScriptingMode.SCRIPTS).stream()
                                .filter(c -> !c.equals("getex")).toList()))
                .start();
    }

    @AfterAll
    static void stopRedis() {
        server.close();
    }

    private static String user(String name, String namespace, List<String> commands) {
        return "user " + name + " on >" + PASSWORD + " resetkeys ~" + namespace + ":* resetchannels -@all "
                + commands.stream().map(c -> "+" + c).collect(Collectors.joining(" "));
    }

    private RedisSessionStore open(String user, String namespace, ScriptingMode mode) {
        return RedisSessionStores.open(RedisStoreConfig.custom()
                .uri("redis://127.0.0.1:" + server.port())
                // Store logic, the same on every client; the kit runs as such a user on each one.
                .client(client)
                .credentials(user, PASSWORD.toCharArray())
                .namespace(namespace)
                .scripting(mode)
                .build());
    }

    @ParameterizedTest
    @EnumSource(ScriptingMode.class)
    @DisplayName("every store operation works with only the listed commands on ~ss:*")
    void everyOperationWorks(ScriptingMode mode) {
        try (RedisSessionStore store = open(mode == ScriptingMode.SCRIPTS ? "scripts" : "plain", "ss", mode)) {
            SessionKey key = sessionKey();
            PrincipalKey principal = principalKey();
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

            assertThat(store.create(key, sealed(10), IDLE)).isTrue();
            assertThat(store.load(key, IDLE)).isPresent();
            assertThat(store.load(key, null)).isPresent();
            assertThat(store.expire(key, IDLE)).isTrue();
            assertThat(store.replace(key, 1, sealed(10), IDLE)).isEqualTo(ReplaceResult.replaced(2));
            if (mode == ScriptingMode.SCRIPTS) {
                assertThat(store.replace(key, 1, sealed(10), IDLE).outcome()).isEqualTo(ReplaceResult.Outcome.CONFLICT);
            }
            store.index(principal, key, now.plusSeconds(60), now);
            assertThat(store.indexed(principal, now)).containsExactly(new IndexEntry(key, now.plusSeconds(60)));
            store.unindex(principal, List.of(key), now);
            assertThat(store.delete(key)).isTrue();
            assertThat(store.replace(key, 2, sealed(10), IDLE)).isEqualTo(ReplaceResult.missing());
        }
    }

    @Test
    @DisplayName("a missing permission surfaces as a rejected command that names it, without key or password")
    void missingCommandPermission() {
        try (RedisSessionStore store = open("nogetex", "ss", ScriptingMode.NONE)) {
            SessionKey key = sessionKey();
            store.create(key, sealed(10), IDLE);

            assertThatThrownBy(() -> store.load(key, IDLE))
                    .isInstanceOf(RedisCommandRejectedException.class)
                    .hasMessageStartingWith("Redis refused GETEX: NOPERM")
                    .hasMessageNotContaining(key.value())
                    .hasMessageNotContaining(PASSWORD);
        }
    }

    @Test
    @DisplayName("a command a script may not run surfaces as a rejected EVALSHA, without key or password")
    void missingCommandPermissionInsideAScript() {
        try (RedisSessionStore store = open("noscriptgetex", "ss", ScriptingMode.SCRIPTS)) {
            SessionKey key = sessionKey();
            store.create(key, sealed(10), IDLE);

            // Redis names the script, not the command inside it that the ACL refused.
            assertThatThrownBy(() -> store.load(key, IDLE))
                    .isInstanceOf(RedisCommandRejectedException.class)
                    .hasMessageStartingWith("Redis refused EVALSHA:")
                    .hasMessageContaining("can't run this command")
                    .hasMessageNotContaining(key.value())
                    .hasMessageNotContaining(PASSWORD);
        }
    }

    @Test
    @DisplayName("keys outside the user's namespace are refused")
    void otherNamespaceRefused() {
        try (RedisSessionStore store = open("scripts", "other", ScriptingMode.SCRIPTS)) {
            assertThatThrownBy(() -> store.create(sessionKey(), sealed(10), IDLE))
                    .isInstanceOf(RedisCommandRejectedException.class)
                    .hasMessageContaining("NOPERM");
        }
    }
}

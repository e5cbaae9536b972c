package io.sealedsession.tests.redis;

import static io.sealedsession.tests.redis.TestData.indexKey;
import static io.sealedsession.tests.redis.TestData.principalKey;
import static io.sealedsession.tests.redis.TestData.recordKey;
import static io.sealedsession.tests.redis.TestData.sealed;
import static io.sealedsession.tests.redis.TestData.sessionKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedsession.core.SessionKey;
import io.sealedsession.core.port.IndexEntry;
import io.sealedsession.core.port.PrincipalKey;
import io.sealedsession.core.port.ReplaceResult;
import io.sealedsession.core.port.StoredRecord;
import io.sealedsession.redis.RedisCommandRejectedException;
import io.sealedsession.redis.RedisSessionStore;
import io.sealedsession.redis.RedisSessionStores;
import io.sealedsession.redis.RedisStoreConfig;
import io.sealedsession.redis.ScriptingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

/**
 * The store without scripting, against a server on which scripting does not exist: EVAL,
 * EVALSHA and SCRIPT are renamed away, so any script call would fail the test.
 */
@OnEveryClient
class NoScriptingModeTest {

    /** The provider name, such as {@code "lettuce"}. */
    @Parameter
    String client;

    private static final String NS = "ss";
    private static final Duration IDLE = Duration.ofMinutes(30);

    private static RedisServer server;
    private static RawRedis raw;
    private RedisSessionStore store;

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @BeforeAll
    static void startRedis() {
        TestData.quietLogs();
        server = RedisServer.builder()
                .config("rename-command EVAL \"\"", "rename-command EVALSHA \"\"", "rename-command SCRIPT \"\"")
                .start();
        raw = new RawRedis(server);
    }

    @AfterAll
    static void stopRedis() {
        raw.close();
        server.close();
    }

    @BeforeEach
    void emptyRedisAndOpenStore() {
        raw.flushAll();
        store = RedisSessionStores.open(RedisStoreConfig.custom().uri(server.uri()).client(client).scripting(ScriptingMode.NONE).build());
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    @DisplayName("create, load with touch, replace and delete work with plain commands")
    void recordLifecycle() {
        SessionKey key = sessionKey();
        byte[] second = sealed(20);
        assertThat(store.scriptingMode()).isEqualTo(ScriptingMode.NONE);

        assertThat(store.create(key, sealed(10), Duration.ofSeconds(60))).isTrue();
        assertThat(store.load(key, Duration.ofMinutes(20))).map(StoredRecord::version).contains(1L);
        assertThat(raw.pttl(recordKey(NS, key))).isGreaterThan(Duration.ofMinutes(19).toMillis());
        assertThat(store.replace(key, 1, second, Duration.ofMinutes(3))).isEqualTo(ReplaceResult.replaced(2));
        assertThat(store.load(key, null)).contains(new StoredRecord(2, second));
        assertThat(raw.pttl(recordKey(NS, key))).isBetween(Duration.ofMinutes(2).toMillis(), Duration.ofMinutes(3).toMillis());
        assertThat(store.delete(key)).isTrue();
    }

    @Test
    @DisplayName("replace never re-creates a deleted record")
    void replaceWhenMissing() {
        SessionKey key = sessionKey();
        store.create(key, sealed(10), IDLE);
        store.delete(key);

        assertThat(store.replace(key, 1, sealed(10), IDLE)).isEqualTo(ReplaceResult.missing());
        assertThat(raw.exists(recordKey(NS, key))).isFalse();
    }

    @Test
    @DisplayName("concurrent writers are last-writer-wins, as documented: a stale version still replaces")
    void staleVersionStillReplaces() {
        SessionKey key = sessionKey();
        store.create(key, sealed(10), IDLE);
        store.replace(key, 1, sealed(10), IDLE);
        byte[] stale = sealed(10);

        assertThat(store.replace(key, 1, stale, IDLE)).isEqualTo(ReplaceResult.replaced(2));
        assertThat(store.load(key, null)).contains(new StoredRecord(2, stale));
    }

    @Test
    @DisplayName("index, list and unindex keep the same layout and expiry rules")
    void index() {
        PrincipalKey principal = principalKey();
        SessionKey a = sessionKey();
        SessionKey b = sessionKey();
        SessionKey old = sessionKey();
        store.index(principal, old, now.plusSeconds(5), now);
        store.index(principal, a, now.plusSeconds(100), now);
        store.index(principal, b, now.plusSeconds(300), now);
        assertThat(raw.pexpiretime(indexKey(NS, principal))).isCloseTo(now.plusSeconds(300).toEpochMilli(), within(1_000L));

        Instant later = now.plusSeconds(10);
        store.index(principal, a, now.plusSeconds(100), later);
        assertThat(raw.sortedSet(indexKey(NS, principal))).containsOnlyKeys(a.value(), b.value());
        assertThat(store.indexed(principal, later)).containsExactly(
                new IndexEntry(a, now.plusSeconds(100)), new IndexEntry(b, now.plusSeconds(300)));

        store.unindex(principal, List.of(b), later);
        assertThat(store.indexed(principal, later)).containsExactly(new IndexEntry(a, now.plusSeconds(100)));
        // Without scripts the expiry is never lowered: it stays at the latest deadline ever seen.
        assertThat(raw.pexpiretime(indexKey(NS, principal))).isCloseTo(now.plusSeconds(300).toEpochMilli(), within(1_000L));

        store.unindex(principal, List.of(a), later);
        assertThat(raw.exists(indexKey(NS, principal))).isFalse();
    }

    @Test
    @DisplayName("an index left without expiry (a writer died between commands) gets one on the next write")
    void indexWithoutExpiryRepaired() {
        PrincipalKey principal = principalKey();
        SessionKey a = sessionKey();
        raw.commands().zadd(RawRedis.bytes(indexKey(NS, principal)), now.plusSeconds(50).toEpochMilli(),
                RawRedis.bytes(a.value()));
        assertThat(raw.pttl(indexKey(NS, principal))).isEqualTo(-1);

        store.unindex(principal, List.of(), now);

        assertThat(raw.pexpiretime(indexKey(NS, principal))).isCloseTo(now.plusSeconds(50).toEpochMilli(), within(1_000L));
    }

    @Test
    @DisplayName("the default scripting mode on this server fails with a clear, sanitised error")
    void scriptsModeOnServerWithoutScripting() {
        try (RedisSessionStore scripted = RedisSessionStores.open(RedisStoreConfig.custom().uri(server.uri()).client(client).build())) {
            SessionKey key = sessionKey();
            scripted.create(key, sealed(10), IDLE);

            assertThatThrownBy(() -> scripted.replace(key, 1, sealed(10), IDLE))
                    .isInstanceOf(RedisCommandRejectedException.class)
                    .hasMessageStartingWith("Redis refused SCRIPT LOAD: ERR unknown command")
                    // Redis echoes the first arguments (here the script); they stay out of the message.
                    .hasMessageNotContaining("redis.call")
                    .hasNoCause();
        }
    }
}

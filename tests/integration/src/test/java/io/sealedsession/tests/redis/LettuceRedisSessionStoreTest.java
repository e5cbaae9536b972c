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
import io.sealedsession.lettuce.LettuceCommandExecutor;
import io.sealedsession.redis.RedisSessionStore;
import io.sealedsession.redis.RedisStoreConfig;
import io.sealedsession.redis.ScriptingMode;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The Redis store on Lettuce, with Lua scripts (the default), against a real redis-server. */
class LettuceRedisSessionStoreTest {

    private static final String NS = "ss";
    private static final Duration IDLE = Duration.ofMinutes(30);

    private static RedisServer server;
    private static RawRedis raw;
    private static RedisSessionStore store;

    @BeforeAll
    static void startRedis() {
        TestData.quietLogs();
        server = RedisServer.startDefault();
        raw = new RawRedis(server);
        store = RedisSessionStore.builder(LettuceCommandExecutor.connect(RedisStoreConfig.forUri(server.uri()))).build();
    }

    @AfterAll
    static void stopRedis() {
        store.close();
        raw.close();
        server.close();
    }

    @BeforeEach
    void emptyRedis() {
        raw.flushAll();
    }

    @Nested
    @DisplayName("records")
    class Records {

        @Test
        @DisplayName("create stores version 1 in front of the sealed bytes, under <ns>:s:{key}, with the TTL")
        void createWritesFramedValueWithTtl() {
            SessionKey key = sessionKey();
            byte[] sealed = sealed(300);

            assertThat(store.create(key, sealed, Duration.ofMinutes(10))).isTrue();

            byte[] value = raw.get(recordKey(NS, key));
            assertThat(ByteBuffer.wrap(value, 0, 8).getLong()).isEqualTo(1);
            assertThat(java.util.Arrays.copyOfRange(value, 8, value.length)).isEqualTo(sealed);
            assertThat(raw.pttl(recordKey(NS, key))).isBetween(Duration.ofMinutes(10).minusSeconds(5).toMillis(),
                    Duration.ofMinutes(10).toMillis());
            assertThat(raw.keys("*")).containsExactly(recordKey(NS, key));
        }

        @Test
        @DisplayName("create does not overwrite an existing record")
        void createWhenPresentThenFalseAndUntouched() {
            SessionKey key = sessionKey();
            byte[] first = sealed(40);
            store.create(key, first, IDLE);

            assertThat(store.create(key, sealed(40), Duration.ofSeconds(5))).isFalse();

            assertThat(store.load(key, null)).contains(new StoredRecord(1, first));
            assertThat(raw.pttl(recordKey(NS, key))).isGreaterThan(Duration.ofSeconds(5).toMillis());
        }

        @Test
        @DisplayName("every byte value survives the round trip")
        void loadReturnsBinaryExactRecord() {
            SessionKey key = sessionKey();
            byte[] allBytes = new byte[512];
            for (int i = 0; i < allBytes.length; i++) {
                allBytes[i] = (byte) i;
            }
            store.create(key, allBytes, IDLE);

            assertThat(store.load(key, IDLE)).contains(new StoredRecord(1, allBytes));
        }

        @Test
        @DisplayName("load of a key never written is empty")
        void loadWhenMissingThenEmpty() {
            assertThat(store.load(sessionKey(), IDLE)).isEmpty();
            assertThat(raw.keys("*")).isEmpty();
        }

        @Test
        @DisplayName("load with a touch TTL sets the record's expiry; load without one leaves it")
        void loadTouchesTtl() {
            SessionKey key = sessionKey();
            store.create(key, sealed(10), Duration.ofSeconds(60));

            assertThat(store.load(key, null)).isPresent();
            assertThat(raw.pttl(recordKey(NS, key))).isBetween(1L, 60_000L);

            assertThat(store.load(key, Duration.ofHours(2))).isPresent();
            assertThat(raw.pttl(recordKey(NS, key))).isBetween(Duration.ofHours(2).minusSeconds(5).toMillis(),
                    Duration.ofHours(2).toMillis());
        }

        @Test
        @DisplayName("expire sets the TTL of an existing record and creates nothing for a missing one")
        void expire() {
            SessionKey key = sessionKey();
            store.create(key, sealed(10), IDLE);

            assertThat(store.expire(key, Duration.ofSeconds(42))).isTrue();
            assertThat(raw.pttl(recordKey(NS, key))).isBetween(37_000L, 42_000L);

            SessionKey missing = sessionKey();
            assertThat(store.expire(missing, Duration.ofSeconds(42))).isFalse();
            assertThat(raw.exists(recordKey(NS, missing))).isFalse();
        }

        @Test
        @DisplayName("a TTL below one millisecond is rounded up, not sent as 0")
        void subMillisecondTtlRoundsUp() {
            SessionKey key = sessionKey();
            assertThat(store.create(key, sealed(10), Duration.ofNanos(1))).isTrue();
            assertThat(raw.pttl(recordKey(NS, key))).isIn(-2L, 0L, 1L);
        }

        @Test
        @DisplayName("a TTL that is not positive is refused before anything is sent")
        void nonPositiveTtlRefused() {
            SessionKey key = sessionKey();
            assertThatThrownBy(() -> store.create(key, sealed(10), Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("but was PT0S");
            assertThat(raw.exists(recordKey(NS, key))).isFalse();
        }

        @Test
        @DisplayName("delete removes the record and says whether there was one")
        void delete() {
            SessionKey key = sessionKey();
            store.create(key, sealed(10), IDLE);

            assertThat(store.delete(key)).isTrue();
            assertThat(raw.exists(recordKey(NS, key))).isFalse();
            assertThat(store.delete(key)).isFalse();
        }

        @Test
        @DisplayName("a value that is not a versioned record reads as no session")
        void malformedValueReadsAsEmpty() {
            SessionKey key = sessionKey();
            raw.set(recordKey(NS, key), new byte[] {1, 2, 3});
            assertThat(store.load(key, null)).isEmpty();

            raw.set(recordKey(NS, key), new byte[16]); // version 0
            assertThat(store.load(key, null)).isEmpty();
        }
    }

    @Nested
    @DisplayName("compare-and-set replace")
    class Replace {

        @Test
        @DisplayName("at the expected version it writes the next version with the new TTL")
        void replaceWhenVersionMatches() {
            SessionKey key = sessionKey();
            store.create(key, sealed(20), IDLE);
            byte[] second = sealed(25);

            ReplaceResult result = store.replace(key, 1, second, Duration.ofMinutes(5));

            assertThat(result).isEqualTo(ReplaceResult.replaced(2));
            assertThat(store.load(key, null)).contains(new StoredRecord(2, second));
            assertThat(raw.pttl(recordKey(NS, key))).isBetween(Duration.ofMinutes(5).minusSeconds(5).toMillis(),
                    Duration.ofMinutes(5).toMillis());
            assertThat(store.replace(key, 2, sealed(3), IDLE)).isEqualTo(ReplaceResult.replaced(3));
        }

        @Test
        @DisplayName("at another version it writes nothing and returns the current record")
        void replaceWhenVersionDiffers() {
            SessionKey key = sessionKey();
            store.create(key, sealed(20), IDLE);
            byte[] winner = sealed(30);
            store.replace(key, 1, winner, IDLE);
            byte[] before = raw.get(recordKey(NS, key));

            ReplaceResult result = store.replace(key, 1, sealed(30), Duration.ofSeconds(5));

            assertThat(result.outcome()).isEqualTo(ReplaceResult.Outcome.CONFLICT);
            assertThat(result.current()).isEqualTo(new StoredRecord(2, winner));
            assertThat(raw.get(recordKey(NS, key))).isEqualTo(before);
            assertThat(raw.pttl(recordKey(NS, key))).isGreaterThan(Duration.ofSeconds(5).toMillis());
        }

        @Test
        @DisplayName("a missing record is reported and never re-created")
        void replaceWhenMissing() {
            SessionKey key = sessionKey();

            assertThat(store.replace(key, 1, sealed(10), IDLE)).isEqualTo(ReplaceResult.missing());
            assertThat(raw.exists(recordKey(NS, key))).isFalse();
        }

        @Test
        @DisplayName("a late write after delete does not bring the session back")
        void replaceAfterDeleteRefused() {
            SessionKey key = sessionKey();
            store.create(key, sealed(10), IDLE);
            store.delete(key);

            assertThat(store.replace(key, 1, sealed(10), IDLE)).isEqualTo(ReplaceResult.missing());
            assertThat(raw.exists(recordKey(NS, key))).isFalse();
        }

        @Test
        @DisplayName("versions that no record can have are answered without a write")
        void replaceWithImpossibleVersion() {
            SessionKey key = sessionKey();
            byte[] sealed = sealed(10);
            store.create(key, sealed, IDLE);

            assertThat(store.replace(key, 0, sealed(10), IDLE)).isEqualTo(ReplaceResult.conflict(new StoredRecord(1, sealed)));
            assertThat(store.replace(key, Long.MAX_VALUE, sealed(10), IDLE).outcome()).isEqualTo(ReplaceResult.Outcome.CONFLICT);
            assertThat(store.replace(sessionKey(), 0, sealed(10), IDLE)).isEqualTo(ReplaceResult.missing());
            assertThat(store.load(key, null)).contains(new StoredRecord(1, sealed));
        }

        @Test
        @DisplayName("concurrent writers on one shared connection: each version is won by exactly one of them")
        void concurrentReplacesNeverLoseAVersion() throws Exception {
            SessionKey key = sessionKey();
            store.create(key, sealed(10), IDLE);
            int threads = 6;
            int attemptsEach = 40;
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
            java.util.Set<Long> won = java.util.concurrent.ConcurrentHashMap.newKeySet();
            java.util.concurrent.atomic.AtomicInteger conflicts = new java.util.concurrent.atomic.AtomicInteger();
            try {
                List<java.util.concurrent.Future<?>> futures = new java.util.ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    futures.add(pool.submit(() -> {
                        for (int i = 0; i < attemptsEach; i++) {
                            long seen = store.load(key, null).orElseThrow().version();
                            ReplaceResult result = store.replace(key, seen, sealed(10), IDLE);
                            if (result.outcome() == ReplaceResult.Outcome.REPLACED) {
                                assertThat(won.add(result.newVersion())).as("version %d won twice", result.newVersion()).isTrue();
                            } else {
                                assertThat(result.outcome()).isEqualTo(ReplaceResult.Outcome.CONFLICT);
                                assertThat(result.current().version()).isGreaterThan(seen);
                                conflicts.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
                for (java.util.concurrent.Future<?> future : futures) {
                    future.get(60, java.util.concurrent.TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }

            assertThat(won.size() + conflicts.get()).isEqualTo(threads * attemptsEach);
            assertThat(store.load(key, null).orElseThrow().version()).isEqualTo(1L + won.size());
        }

        @Test
        @DisplayName("after SCRIPT FLUSH the script is loaded again and the replace succeeds")
        void replaceAfterScriptFlush() {
            SessionKey key = sessionKey();
            store.create(key, sealed(10), IDLE);
            assertThat(store.replace(key, 1, sealed(10), IDLE)).isEqualTo(ReplaceResult.replaced(2));
            raw.scriptFlush();
            byte[] third = sealed(12);

            assertThat(store.replace(key, 2, third, IDLE)).isEqualTo(ReplaceResult.replaced(3));
            assertThat(store.load(key, null)).contains(new StoredRecord(3, third));

            PrincipalKey principal = principalKey();
            raw.scriptFlush();
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            store.index(principal, key, now.plusSeconds(60), now);
            raw.scriptFlush();
            store.unindex(principal, List.of(key), now);
            assertThat(raw.exists(indexKey(NS, principal))).isFalse();
        }
    }

    @Nested
    @DisplayName("principal index")
    class Index {

        private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        @Test
        @DisplayName("lists live entries earliest deadline first; the index expires with its latest deadline")
        void indexAndList() {
            PrincipalKey principal = principalKey();
            SessionKey a = sessionKey();
            SessionKey b = sessionKey();
            SessionKey c = sessionKey();
            store.index(principal, a, now.plus(Duration.ofHours(8)), now);
            store.index(principal, b, now.plus(Duration.ofHours(1)), now);
            store.index(principal, c, now.plus(Duration.ofHours(4)), now);

            assertThat(store.indexed(principal, now)).containsExactly(
                    new IndexEntry(b, now.plus(Duration.ofHours(1))),
                    new IndexEntry(c, now.plus(Duration.ofHours(4))),
                    new IndexEntry(a, now.plus(Duration.ofHours(8))));
            assertThat(raw.pexpiretime(indexKey(NS, principal))).isCloseTo(now.plus(Duration.ofHours(8)).toEpochMilli(), within(1_000L));
            assertThat(raw.sortedSet(indexKey(NS, principal))).containsEntry(a.value(), now.plus(Duration.ofHours(8)).toEpochMilli());
        }

        @Test
        @DisplayName("indexing a session again moves its deadline")
        void reindexUpdatesDeadline() {
            PrincipalKey principal = principalKey();
            SessionKey a = sessionKey();
            store.index(principal, a, now.plusSeconds(600), now);
            store.index(principal, a, now.plusSeconds(60), now);

            assertThat(store.indexed(principal, now)).containsExactly(new IndexEntry(a, now.plusSeconds(60)));
            assertThat(raw.pexpiretime(indexKey(NS, principal))).isCloseTo(now.plusSeconds(60).toEpochMilli(), within(1_000L));
        }

        @Test
        @DisplayName("entries whose deadline is not after now are not listed, and the next write prunes them")
        void pruneAndFilter() {
            PrincipalKey principal = principalKey();
            SessionKey old = sessionKey();
            SessionKey young = sessionKey();
            store.index(principal, old, now.plusSeconds(10), now);
            store.index(principal, young, now.plusSeconds(100), now);
            Instant later = now.plusSeconds(10);

            assertThat(store.indexed(principal, later)).containsExactly(new IndexEntry(young, now.plusSeconds(100)));
            assertThat(raw.sortedSet(indexKey(NS, principal))).containsOnlyKeys(old.value(), young.value());

            store.index(principal, young, now.plusSeconds(100), later);
            assertThat(raw.sortedSet(indexKey(NS, principal))).containsOnlyKeys(young.value());
        }

        @Test
        @DisplayName("an entry indexed past its deadline is pruned at once, and an index left empty is deleted")
        void indexPastDeadline() {
            PrincipalKey principal = principalKey();
            store.index(principal, sessionKey(), now.minusSeconds(1), now);

            assertThat(raw.exists(indexKey(NS, principal))).isFalse();
            assertThat(store.indexed(principal, now)).isEmpty();
        }

        @Test
        @DisplayName("unindex removes entries, lowers the expiry to the latest remaining deadline, and deletes an empty index")
        void unindex() {
            PrincipalKey principal = principalKey();
            SessionKey a = sessionKey();
            SessionKey b = sessionKey();
            SessionKey c = sessionKey();
            store.index(principal, a, now.plusSeconds(100), now);
            store.index(principal, b, now.plusSeconds(200), now);
            store.index(principal, c, now.plusSeconds(300), now);

            store.unindex(principal, List.of(c), now);
            assertThat(store.indexed(principal, now)).extracting(IndexEntry::key).containsExactly(a, b);
            assertThat(raw.pexpiretime(indexKey(NS, principal))).isCloseTo(now.plusSeconds(200).toEpochMilli(), within(1_000L));

            store.unindex(principal, List.of(a, b, sessionKey()), now);
            assertThat(raw.exists(indexKey(NS, principal))).isFalse();
            assertThat(store.indexed(principal, now)).isEmpty();
        }

        @Test
        @DisplayName("unindex of nothing only prunes")
        void unindexNothingPrunes() {
            PrincipalKey principal = principalKey();
            SessionKey a = sessionKey();
            SessionKey b = sessionKey();
            store.index(principal, a, now.plusSeconds(10), now);
            store.index(principal, b, now.plusSeconds(20), now);

            store.unindex(principal, List.of(), now.plusSeconds(15));

            assertThat(raw.sortedSet(indexKey(NS, principal))).containsOnlyKeys(b.value());
        }

        @Test
        @DisplayName("unindex of many sessions at once works (the script removes them in chunks)")
        void unindexMany() {
            PrincipalKey principal = principalKey();
            List<SessionKey> keys = java.util.stream.Stream.generate(TestData::sessionKey).limit(1_200).toList();
            for (SessionKey key : keys.subList(0, 3)) {
                store.index(principal, key, now.plusSeconds(60), now);
            }

            store.unindex(principal, keys, now);

            assertThat(raw.exists(indexKey(NS, principal))).isFalse();
        }

        @Test
        @DisplayName("a member that is not a session key is skipped when listing")
        void foreignMemberSkipped() {
            PrincipalKey principal = principalKey();
            SessionKey a = sessionKey();
            store.index(principal, a, now.plusSeconds(60), now);
            raw.commands().zadd(RawRedis.bytes(indexKey(NS, principal)), now.plusSeconds(30).toEpochMilli(),
                    RawRedis.bytes("not a key"));

            assertThat(store.indexed(principal, now)).containsExactly(new IndexEntry(a, now.plusSeconds(60)));
        }
    }

    @Nested
    @DisplayName("key schema")
    class Schema {

        @Test
        @DisplayName("a namespace keeps stores apart; keys carry the session or principal key as hash tag")
        void namespaceSeparates() {
            try (RedisSessionStore other = RedisSessionStore.builder(LettuceCommandExecutor.connect(
                    RedisStoreConfig.forUri(server.uri()))).namespace("app-2.x_y").build()) {
                SessionKey key = sessionKey();
                PrincipalKey principal = principalKey();
                Instant now = Instant.now();
                other.create(key, sealed(10), IDLE);
                other.index(principal, key, now.plusSeconds(60), now);

                assertThat(store.load(key, null)).isEmpty();
                assertThat(raw.keys("*")).containsExactlyInAnyOrder(
                        "app-2.x_y:s:{" + key.value() + "}", "app-2.x_y:p:{" + principal.value() + "}");
                assertThat(other.toString()).contains("app-2.x_y").contains("scripting=" + ScriptingMode.SCRIPTS);
            }
        }

        @Test
        @DisplayName("every key the store writes has an expiry")
        void everyKeyHasTtl() {
            SessionKey key = sessionKey();
            PrincipalKey principal = principalKey();
            Instant now = Instant.now();
            store.create(key, sealed(10), IDLE);
            store.replace(key, 1, sealed(10), IDLE);
            store.index(principal, key, now.plusSeconds(60), now);

            Map<String, Long> ttls = new java.util.TreeMap<>();
            raw.keys("*").forEach(k -> ttls.put(k, raw.pttl(k)));
            assertThat(ttls).hasSize(2).allSatisfy((k, ttl) -> assertThat(ttl).as(k).isPositive());
        }
    }

    @Test
    @DisplayName("a closed store reports Redis unavailable")
    void closedStoreIsUnavailable() {
        RedisSessionStore closing = RedisSessionStore.builder(LettuceCommandExecutor.connect(RedisStoreConfig.forUri(server.uri()))).build();
        closing.close();
        closing.close(); // idempotent

        assertThatThrownBy(() -> closing.load(sessionKey(), null))
                .isInstanceOf(io.sealedsession.core.SessionStoreUnavailableException.class);
        assertThat(Optional.of(closing.toString())).get().asString().contains("127.0.0.1");
    }
}

package io.sealedsession.tests.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedsession.core.InvalidSessionStateException;
import io.sealedsession.core.PrincipalCap;
import io.sealedsession.core.SaveResult;
import io.sealedsession.core.Session;
import io.sealedsession.core.SessionBusyException;
import io.sealedsession.core.SessionConflictException;
import io.sealedsession.core.SessionLockLostException;
import io.sealedsession.core.SessionEvent;
import io.sealedsession.core.SessionInfo;
import io.sealedsession.core.SessionKey;
import io.sealedsession.core.SessionLimitExceededException;
import io.sealedsession.core.SessionManager;
import io.sealedsession.core.SessionPolicy;
import io.sealedsession.core.SessionToken;
import io.sealedsession.core.SessionTooLargeException;
import io.sealedsession.core.port.IndexEntry;
import io.sealedsession.core.port.PrincipalKey;
import io.sealedsession.core.port.ReplaceResult;
import io.sealedsession.core.port.SessionSealer;
import io.sealedsession.core.port.SessionStore;
import io.sealedsession.core.port.StoredRecord;
import io.sealedsession.crypto.SessionKeyring;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The contract every {@link SessionStore} passes: first the port itself (records, expiry,
 * compare-and-set, the principal index), then the {@link SessionManager} running on it with real
 * sealing, where the invariants of the design are checked from the outside, by reading what the
 * store holds.
 *
 * <p>A store proves itself with one small subclass that only builds it. For example, the kit's own
 * run against the in-memory store:
 *
 * <pre>{@code
 * class InMemorySessionStoreContractTest extends SessionStoreContract {
 *
 *     @Override
 *     protected StoreUnderTest open(ManualClock clock) {
 *         InMemorySessionStore store = new InMemorySessionStore(clock);
 *         return StoreUnderTest.of(store, () -> {
 *             Map<String, StoreInspector.Item> items = new TreeMap<>();
 *             store.contents().forEach((name, item) ->
 *                     items.put(name, new StoreInspector.Item(item.bytes(), item.ttl())));
 *             return items;
 *         });
 *     }
 * }
 * }</pre>
 *
 * <p>A store that keeps time by a clock of its own (Redis does) overrides
 * {@link StoreUnderTest#elapse(Duration)} so that the kit can let time pass without sleeping.
 * Each test gets a fresh store from {@link #open}, a fresh keyring and a fresh clock.
 */
public abstract class SessionStoreContract {

    /** The namespace the kit's managers bind records to; stores may use it as their key prefix. */
    protected static final String NAMESPACE = "kit";

    private static final SecureRandom RANDOM = new SecureRandom();

    protected ManualClock clock;
    protected StoreUnderTest underTest;
    protected SessionStore store;
    protected RecordingEventListener events;
    protected SessionKeyring keyring;
    protected SessionManager manager;

    /**
     * Builds the store under test, empty, with its expiry following {@code clock} (or overriding
     * {@link StoreUnderTest#elapse}). Called before each test.
     */
    protected abstract StoreUnderTest open(ManualClock clock) throws Exception;

    @BeforeEach
    final void openStore() throws Exception {
        clock = ManualClock.startingNow();
        underTest = open(clock);
        store = underTest.store();
        events = new RecordingEventListener();
        keyring = KitKeys.generate();
        manager = manager(SessionPolicy.ofDefaults());
    }

    @AfterEach
    final void closeStore() throws Exception {
        if (underTest != null) {
            underTest.close();
        }
    }

    /** Moves time forward for both the kit's clock and the store. */
    protected final void elapse(Duration duration) {
        clock.advance(duration);
        underTest.elapse(duration);
    }

    protected final SessionManager manager(SessionPolicy policy) {
        return manager(policy, KitKeys.sealer(keyring), 8);
    }

    protected final SessionManager manager(SessionPolicy policy, SessionSealer sealer, int maxSaveAttempts) {
        return SessionManager.builder(store, sealer)
                .namespace(NAMESPACE)
                .policy(policy)
                .clock(clock)
                .eventListener(events)
                .maxSaveAttempts(maxSaveAttempts)
                .build();
    }

    private static SessionKey randomKey() {
        return SessionToken.generate(RANDOM).key();
    }

    private static PrincipalKey randomPrincipal() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return new PrincipalKey(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A saved session, ready to be found again by its token. */
    private Session savedSession(Map<String, Object> attributes) {
        Session session = manager.create();
        attributes.forEach(session::setAttribute);
        assertThat(manager.save(session)).isEqualTo(SaveResult.SAVED);
        return session;
    }

    /**
     * Runs {@code count} requests at once on {@code threads} threads, all released by one latch so
     * that they overlap, and returns their results in order.
     */
    private static <T> List<T> atOnce(int count, int threads, java.util.function.IntFunction<Callable<T>> request) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Callable<T> body = request.apply(i);
                futures.add(pool.submit(() -> {
                    start.await();
                    return body.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private Session find(Session session) {
        return manager.find(session.token().revealValue()).orElseThrow(
                () -> new AssertionError("expected " + session + " to be found"));
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private void assertNothingStoredContains(String text) {
        byte[] needle = bytes(text);
        underTest.inspector().contents().forEach((name, item) -> {
            assertThat(name).as("a stored name").doesNotContain(text);
            assertThat(contains(item.bytes(), needle)).as("the bytes stored under " + name + " contain '" + text + "'").isFalse();
        });
    }

    // =============================================================================================
    // The port
    // =============================================================================================

    @Nested
    @DisplayName("records")
    class Records {

        @Test
        @DisplayName("a created record loads with version 1 and its bytes unchanged")
        void createdRecordLoads() {
            SessionKey key = randomKey();
            byte[] value = new byte[256];
            for (int i = 0; i < value.length; i++) {
                value[i] = (byte) i;
            }
            assertThat(store.create(key, value, Duration.ofMinutes(5))).isTrue();

            Optional<StoredRecord> loaded = store.load(key, null);

            assertThat(loaded).isPresent();
            assertThat(loaded.get().version()).isEqualTo(1);
            assertThat(loaded.get().sealed()).isEqualTo(value);
        }

        @Test
        @DisplayName("create refuses a key that exists and leaves its record untouched")
        void createRefusesExistingKey() {
            SessionKey key = randomKey();
            store.create(key, bytes("first"), Duration.ofMinutes(5));

            assertThat(store.create(key, bytes("second"), Duration.ofMinutes(5))).isFalse();
            assertThat(store.load(key, null).orElseThrow().sealed()).isEqualTo(bytes("first"));
        }

        @Test
        @DisplayName("a key that was never written loads as empty")
        void unknownKeyIsEmpty() {
            assertThat(store.load(randomKey(), Duration.ofMinutes(1))).isEmpty();
            assertThat(store.expire(randomKey(), Duration.ofMinutes(1))).isFalse();
            assertThat(store.delete(randomKey())).isFalse();
        }

        @Test
        @DisplayName("a record expires when its time to live has passed")
        void recordExpires() {
            SessionKey key = randomKey();
            store.create(key, bytes("v"), Duration.ofMinutes(10));

            elapse(Duration.ofMinutes(9));
            assertThat(store.load(key, null)).isPresent();
            elapse(Duration.ofMinutes(1).plusSeconds(1));
            assertThat(store.load(key, null)).isEmpty();
        }

        @Test
        @DisplayName("loading with a touch starts the time to live again")
        void loadWithTouchRestartsExpiry() {
            SessionKey key = randomKey();
            store.create(key, bytes("v"), Duration.ofMinutes(10));

            elapse(Duration.ofMinutes(8));
            assertThat(store.load(key, Duration.ofMinutes(10))).isPresent();
            elapse(Duration.ofMinutes(8));

            assertThat(store.load(key, null)).as("touched 8 minutes ago with 10 minutes to live").isPresent();
        }

        @Test
        @DisplayName("loading without a touch leaves the time to live alone")
        void loadWithoutTouchKeepsExpiry() {
            SessionKey key = randomKey();
            store.create(key, bytes("v"), Duration.ofMinutes(10));

            elapse(Duration.ofMinutes(8));
            assertThat(store.load(key, null)).isPresent();
            elapse(Duration.ofMinutes(3));

            assertThat(store.load(key, null)).isEmpty();
        }

        @Test
        @DisplayName("expire changes the time to live of an existing record and creates nothing")
        void expireChangesTtl() {
            SessionKey key = randomKey();
            store.create(key, bytes("v"), Duration.ofMinutes(10));

            assertThat(store.expire(key, Duration.ofMinutes(2))).isTrue();
            elapse(Duration.ofMinutes(2).plusSeconds(1));

            assertThat(store.load(key, null)).isEmpty();
            assertThat(store.expire(key, Duration.ofMinutes(2))).isFalse();
            assertThat(store.load(key, null)).isEmpty();
        }

        @Test
        @DisplayName("delete removes a record and says whether there was one")
        void deleteRemoves() {
            SessionKey key = randomKey();
            store.create(key, bytes("v"), Duration.ofMinutes(10));

            assertThat(store.delete(key)).isTrue();
            assertThat(store.delete(key)).isFalse();
            assertThat(store.load(key, null)).isEmpty();
        }
    }

    @Nested
    @DisplayName("compare-and-set")
    class CompareAndSet {

        @Test
        @DisplayName("replace with the expected version writes the next version")
        void replaceWithExpectedVersion() {
            SessionKey key = randomKey();
            store.create(key, bytes("v1"), Duration.ofMinutes(10));

            ReplaceResult result = store.replace(key, 1, bytes("v2"), Duration.ofMinutes(10));

            assertThat(result.outcome()).isEqualTo(ReplaceResult.Outcome.REPLACED);
            assertThat(result.newVersion()).isEqualTo(2);
            assertThat(store.load(key, null).orElseThrow()).isEqualTo(new StoredRecord(2, bytes("v2")));
        }

        @Test
        @DisplayName("replace with a stale version is a conflict and writes nothing")
        void replaceWithStaleVersion() {
            SessionKey key = randomKey();
            store.create(key, bytes("v1"), Duration.ofMinutes(10));
            store.replace(key, 1, bytes("v2"), Duration.ofMinutes(10));

            ReplaceResult result = store.replace(key, 1, bytes("stale"), Duration.ofMinutes(10));

            if (!underTest.comparesVersions()) {
                assertThat(result.outcome()).as("last writer wins").isEqualTo(ReplaceResult.Outcome.REPLACED);
                assertThat(store.load(key, null).orElseThrow().sealed()).isEqualTo(bytes("stale"));
                return;
            }
            assertThat(result.outcome()).isEqualTo(ReplaceResult.Outcome.CONFLICT);
            if (result.current() != null) {
                assertThat(result.current()).isEqualTo(new StoredRecord(2, bytes("v2")));
            }
            assertThat(store.load(key, null).orElseThrow()).isEqualTo(new StoredRecord(2, bytes("v2")));
        }

        @Test
        @DisplayName("replace never brings back a deleted record")
        void replaceNeverRecreatesDeleted() {
            SessionKey key = randomKey();
            store.create(key, bytes("v1"), Duration.ofMinutes(10));
            store.delete(key);

            ReplaceResult result = store.replace(key, 1, bytes("late"), Duration.ofMinutes(10));

            assertThat(result.outcome()).isEqualTo(ReplaceResult.Outcome.MISSING);
            assertThat(store.load(key, null)).isEmpty();
        }

        @Test
        @DisplayName("replace never brings back an expired record")
        void replaceNeverRecreatesExpired() {
            SessionKey key = randomKey();
            store.create(key, bytes("v1"), Duration.ofMinutes(1));
            elapse(Duration.ofMinutes(2));

            assertThat(store.replace(key, 1, bytes("late"), Duration.ofMinutes(10)).outcome())
                    .isEqualTo(ReplaceResult.Outcome.MISSING);
            assertThat(store.load(key, null)).isEmpty();
        }

        @Test
        @DisplayName("replace sets the new time to live")
        void replaceSetsTtl() {
            SessionKey key = randomKey();
            store.create(key, bytes("v1"), Duration.ofMinutes(10));

            store.replace(key, 1, bytes("v2"), Duration.ofMinutes(1));
            elapse(Duration.ofMinutes(1).plusSeconds(1));

            assertThat(store.load(key, null)).isEmpty();
        }

        @Test
        @DisplayName("of many writers racing with the same expected version, exactly one wins")
        void exactlyOneRacingWriterWins() throws Exception {
            SessionKey key = randomKey();
            store.create(key, bytes("v1"), Duration.ofMinutes(10));
            int writers = 8;
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            try {
                List<Future<ReplaceResult>> results = new ArrayList<>();
                for (int i = 0; i < writers; i++) {
                    byte[] value = bytes("writer-" + i);
                    results.add(pool.submit(() -> {
                        start.await();
                        return store.replace(key, 1, value, Duration.ofMinutes(10));
                    }));
                }
                start.countDown();
                int replaced = 0;
                for (Future<ReplaceResult> result : results) {
                    ReplaceResult r = result.get(30, TimeUnit.SECONDS);
                    if (r.outcome() == ReplaceResult.Outcome.REPLACED) {
                        replaced++;
                    } else {
                        assertThat(r.outcome()).isEqualTo(ReplaceResult.Outcome.CONFLICT);
                    }
                }
                assertThat(replaced).isEqualTo(underTest.comparesVersions() ? 1 : writers);
                StoredRecord stored = store.load(key, null).orElseThrow();
                assertThat(stored.version()).isEqualTo(2);
                assertThat(new String(stored.sealed(), StandardCharsets.UTF_8)).startsWith("writer-");
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Nested
    @DisplayName("principal index")
    class PrincipalIndex {

        @Test
        @DisplayName("lists a principal's entries earliest deadline first")
        void listsInDeadlineOrder() {
            PrincipalKey principal = randomPrincipal();
            Instant now = clock.instant();
            SessionKey later = randomKey();
            SessionKey sooner = randomKey();
            store.index(principal, later, now.plus(Duration.ofHours(2)), now);
            store.index(principal, sooner, now.plus(Duration.ofHours(1)), now);

            assertThat(store.indexed(principal, now)).containsExactly(
                    new IndexEntry(sooner, now.plus(Duration.ofHours(1))),
                    new IndexEntry(later, now.plus(Duration.ofHours(2))));
        }

        @Test
        @DisplayName("keeps principals apart")
        void keepsPrincipalsApart() {
            PrincipalKey alice = randomPrincipal();
            PrincipalKey bob = randomPrincipal();
            Instant now = clock.instant();
            SessionKey key = randomKey();
            store.index(alice, key, now.plus(Duration.ofHours(1)), now);

            assertThat(store.indexed(bob, now)).isEmpty();
            assertThat(store.indexed(alice, now)).extracting(IndexEntry::key).containsExactly(key);
        }

        @Test
        @DisplayName("unindex removes entries")
        void unindexRemoves() {
            PrincipalKey principal = randomPrincipal();
            Instant now = clock.instant();
            SessionKey a = randomKey();
            SessionKey b = randomKey();
            store.index(principal, a, now.plus(Duration.ofHours(1)), now);
            store.index(principal, b, now.plus(Duration.ofHours(1)), now);

            store.unindex(principal, List.of(a), now);

            assertThat(store.indexed(principal, now)).extracting(IndexEntry::key).containsExactly(b);
        }

        @Test
        @DisplayName("never lists an entry past its deadline, and prunes it on the next write")
        void prunesPastDeadlines() {
            PrincipalKey principal = randomPrincipal();
            Instant now = clock.instant();
            SessionKey shortLived = randomKey();
            SessionKey longLived = randomKey();
            store.index(principal, shortLived, now.plus(Duration.ofMinutes(10)), now);
            store.index(principal, longLived, now.plus(Duration.ofHours(2)), now);

            elapse(Duration.ofMinutes(11));
            Instant later = clock.instant();
            assertThat(store.indexed(principal, later)).extracting(IndexEntry::key).containsExactly(longLived);

            store.index(principal, randomKey(), later.plus(Duration.ofHours(1)), later);
            String name = underTest.inspector().contents().keySet().stream()
                    .filter(n -> n.contains(principal.value())).findFirst().orElseThrow();
            byte[] indexBytes = underTest.inspector().contents().get(name).bytes();
            assertThat(contains(indexBytes, bytes(shortLived.value()))).as("pruned entry still stored").isFalse();
        }

        @Test
        @DisplayName("the index expires with its latest deadline")
        void indexExpiresWithLatestDeadline() {
            PrincipalKey principal = randomPrincipal();
            Instant now = clock.instant();
            store.index(principal, randomKey(), now.plus(Duration.ofMinutes(30)), now);
            store.index(principal, randomKey(), now.plus(Duration.ofMinutes(20)), now);

            Map<String, StoreInspector.Item> contents = underTest.inspector().contents();
            StoreInspector.Item index = contents.entrySet().stream()
                    .filter(e -> e.getKey().contains(principal.value())).findFirst().orElseThrow().getValue();
            assertThat(index.ttl()).isNotNull();
            assertThat(index.ttl()).isBetween(Duration.ofMinutes(29), Duration.ofMinutes(30));

            elapse(Duration.ofMinutes(31));
            assertThat(underTest.inspector().contents().keySet()).noneMatch(n -> n.contains(principal.value()));
        }
    }

    // =============================================================================================
    // The manager on this store
    // =============================================================================================

    @Nested
    @DisplayName("sessions")
    class Sessions {

        @Test
        @DisplayName("a new session is stored by its first save, not before")
        void storedOnFirstSave() {
            Session session = manager.create();
            assertThat(session.isNew()).isTrue();
            assertThat(underTest.inspector().contents()).isEmpty();

            manager.save(session);

            assertThat(session.isNew()).isFalse();
            assertThat(underTest.inspector().contents()).hasSize(1);
            assertThat(events.ofType(SessionEvent.Type.CREATED)).hasSize(1);
        }

        @Test
        @DisplayName("a saved session is found by its token with its attributes")
        void foundWithAttributes() {
            Instant when = Instant.parse("2026-01-02T03:04:05.123456789Z");
            Session saved = savedSession(Map.of(
                    "cart", List.of("book", 3, 2.5, true),
                    "when", when,
                    "blob", new byte[] {1, 2, 3}));

            Session found = find(saved);

            assertThat(found.getAttribute("cart")).isEqualTo(List.of("book", 3, 2.5, true));
            assertThat(found.getAttribute("when")).isEqualTo(when);
            assertThat((byte[]) found.getAttribute("blob")).containsExactly(1, 2, 3);
            assertThat(found.createdAt()).isEqualTo(saved.createdAt());
            assertThat(found.isNew()).isFalse();
        }

        @Test
        @DisplayName("a session that was loaded and not changed is not written again")
        void unchangedIsNotWritten() {
            Session saved = savedSession(Map.of("a", 1));
            CountingSessionStore counting = new CountingSessionStore(store);
            SessionManager countingManager = SessionManager.builder(counting, KitKeys.sealer(keyring))
                    .namespace(NAMESPACE).clock(clock).eventListener(events).build();

            Session found = countingManager.find(saved.token().revealValue()).orElseThrow();

            assertThat(countingManager.save(found)).isEqualTo(SaveResult.UNCHANGED);
            assertThat(counting.writes()).isZero();
            assertThat(counting.calls()).as("one load and nothing else").isEqualTo(1);
        }

        @Test
        @DisplayName("a session that was loaded and changed costs one read and one write")
        void changedCostsTwoCalls() {
            Session saved = savedSession(Map.of("a", 1));
            CountingSessionStore counting = new CountingSessionStore(store);
            SessionManager countingManager = SessionManager.builder(counting, KitKeys.sealer(keyring))
                    .namespace(NAMESPACE).clock(clock).eventListener(events).build();

            Session found = countingManager.find(saved.token().revealValue()).orElseThrow();
            found.setAttribute("b", 2);

            assertThat(countingManager.save(found)).isEqualTo(SaveResult.SAVED);
            assertThat(counting.calls()).isEqualTo(2);
            assertThat(counting.writes()).isEqualTo(1);
        }

        @Test
        @DisplayName("removing an attribute is saved")
        void removalIsSaved() {
            Session saved = savedSession(Map.of("a", 1, "b", 2));
            Session found = find(saved);

            found.removeAttribute("a");
            manager.save(found);

            assertThat(find(saved).attributeNames()).containsExactly("b");
        }

        @Test
        @DisplayName("invariant 7: an unknown token is not adopted, and an audit event says so")
        void unknownTokenNotAdopted() {
            String unknown = SessionToken.generate(RANDOM).revealValue();

            assertThat(manager.find(unknown)).isEmpty();
            assertThat(events.ofType(SessionEvent.Type.UNKNOWN_TOKEN)).hasSize(1);

            Session fresh = manager.create();
            assertThat(fresh.token().revealValue()).isNotEqualTo(unknown);
        }

        @Test
        @DisplayName("T2: malformed tokens are refused before the store is asked")
        void malformedTokensNeverReachTheStore() {
            CountingSessionStore counting = new CountingSessionStore(store);
            SessionManager countingManager = SessionManager.builder(counting, KitKeys.sealer(keyring))
                    .namespace(NAMESPACE).clock(clock).eventListener(events).build();
            String valid = SessionToken.generate(RANDOM).revealValue();
            List<String> malformed = List.of(
                    valid.substring(1), valid + "A", "*", valid.substring(0, 42) + "*", valid.substring(0, 42) + "\n",
                    valid.substring(0, 21) + "\r\n" + valid.substring(23), "A".repeat(100_000), valid.replace(valid.charAt(0), '+'),
                    valid.substring(0, 42) + "/", " " + valid.substring(1));

            for (String token : malformed) {
                assertThat(countingManager.find(token)).as(token.length() > 60 ? "long token" : token).isEmpty();
            }

            assertThat(counting.calls()).isZero();
            assertThat(events.ofType(SessionEvent.Type.MALFORMED_TOKEN)).hasSize(malformed.size());
        }

        @Test
        @DisplayName("T4: a stored key presented as a token opens nothing")
        void keyPresentedAsTokenOpensNothing() {
            Session saved = savedSession(Map.of("a", 1));

            assertThat(manager.find(saved.key().value())).isEmpty();
            assertThat(find(saved).getAttribute("a")).isEqualTo(1);
        }

        @Test
        @DisplayName("E1: events carry a UTC timestamp and a fingerprint, never the token")
        void eventsCarryFingerprintsOnly() {
            Session saved = savedSession(Map.of("a", 1));
            manager.authenticate(find(saved), "alice");

            assertThat(events.events()).isNotEmpty();
            for (SessionEvent event : events.events()) {
                assertThat(event.at()).isEqualTo(clock.instant());
                assertThat(event.fingerprint()).hasSize(8);
                assertThat(event.toString()).doesNotContain(saved.token().revealValue());
            }
        }
    }

    @Nested
    @DisplayName("concurrent requests")
    class Concurrency {

        @Test
        @DisplayName("invariant 5: two requests that change different attributes both keep their change")
        void differentAttributesBothKept() {
            Session saved = savedSession(Map.of("shared", "x"));
            Session first = find(saved);
            Session second = find(saved);

            first.setAttribute("a", "from first");
            second.setAttribute("b", "from second");
            second.removeAttribute("shared");
            assertThat(manager.save(first)).isEqualTo(SaveResult.SAVED);
            assertThat(manager.save(second)).isEqualTo(SaveResult.SAVED);

            Session after = find(saved);
            if (!underTest.comparesVersions()) {
                assertThat(after.attributeNames()).as("last writer wins").containsExactly("b");
                return;
            }
            assertThat(after.getAttribute("a")).isEqualTo("from first");
            assertThat(after.getAttribute("b")).isEqualTo("from second");
            assertThat(after.attributeNames()).doesNotContain("shared");
        }

        @Test
        @DisplayName("invariant 5: twenty parallel requests each adding an attribute keep all twenty")
        void twentyParallelRequests() throws Exception {
            Session saved = savedSession(Map.of());
            String token = saved.token().revealValue();
            int requests = 20;
            SessionManager patient = manager(SessionPolicy.ofDefaults(), KitKeys.sealer(keyring), 100);
            List<SaveResult> results = atOnce(requests, 8, i -> () -> {
                Session session = patient.find(token).orElseThrow();
                session.setAttribute("attribute-" + i, "attribute-" + i);
                return patient.save(session);
            });
            assertThat(results).containsOnly(SaveResult.SAVED);
            if (!underTest.comparesVersions()) {
                assertThat(find(saved).attributeNames()).as("last writer wins: at least the last one is kept")
                        .isNotEmpty().allMatch(name -> name.startsWith("attribute-"));
                return;
            }
            assertThat(find(saved).attributeNames()).hasSize(requests);
        }

        @Test
        @DisplayName("invariant 5 / L7: twenty parallel read-modify-writes of one list through update keep all twenty")
        void twentyParallelUpdatesOfOneAttribute() throws Exception {
            Session saved = savedSession(Map.of("notes", List.of()));
            String token = saved.token().revealValue();
            int requests = 20;
            SessionManager patient = manager(SessionPolicy.ofDefaults(), KitKeys.sealer(keyring), 100);
            List<SaveResult> results = atOnce(requests, 8, i -> () -> {
                Session session = patient.find(token).orElseThrow();
                session.update("notes", List.class, notes -> {
                    List<Object> more = new ArrayList<>(notes == null ? List.of() : notes);
                    more.add("note-" + i);
                    return more;
                });
                return patient.save(session);
            });
            assertThat(results).containsOnly(SaveResult.SAVED);
            List<?> notes = (List<?>) find(saved).getAttribute("notes");
            if (!underTest.comparesVersions()) {
                assertThat(notes).as("last writer wins without compare-and-set").isNotEmpty();
                return;
            }
            assertThat(notes).hasSize(requests).doesNotHaveDuplicates();
        }

        @Test
        @DisplayName("L7: a plain overwrite of a value another request changed meanwhile is an audit event")
        void overwriteIsAudited() {
            Session saved = savedSession(Map.of("role", "user"));
            Session first = find(saved);
            Session second = find(saved);
            second.setAttribute("role", "admin");
            assertThat(manager.save(second)).isEqualTo(SaveResult.SAVED);
            first.setAttribute("role", "guest");
            first.setAttribute("theme", "dark");
            assertThat(manager.save(first)).isEqualTo(SaveResult.SAVED);

            assertThat(find(saved).getAttribute("role")).isEqualTo("guest");
            if (!underTest.comparesVersions()) {
                return; // without compare-and-set the second save never sees the first
            }
            assertThat(events.ofType(SessionEvent.Type.CONCURRENT_OVERWRITE))
                    .singleElement().satisfies(event -> assertThat(event.detail()).contains("role").doesNotContain("theme"));
        }

        @Test
        @DisplayName("L7: a rotation rebases on a save acknowledged after this request loaded the session")
        void rotationKeepsAcknowledgedSave() {
            Session saved = savedSession(Map.of("role", "admin"));
            Session rotating = find(saved);
            Session demoting = find(saved);
            demoting.setAttribute("role", "user");
            assertThat(manager.save(demoting)).isEqualTo(SaveResult.SAVED);

            manager.rotate(rotating);

            assertThat(find(rotating).getAttribute("role")).isEqualTo(underTest.comparesVersions() ? "user" : "admin");
        }

        @Test
        @DisplayName("L4: a save computed before a sign-in does not reach the signed-in session")
        void saveFromBeforeSignInIsRefused() {
            Session saved = savedSession(Map.of());
            Session late = find(saved);
            Session signingIn = find(saved);
            manager.authenticate(signingIn, "alice");
            late.setAttribute("planted", "before sign-in");

            SaveResult result = manager.save(late);

            assertThat(find(signingIn).getAttribute("planted")).isNull();
            if (!underTest.comparesVersions()) {
                // SET XX overwrites the tombstone: the old token names an anonymous copy again,
                // never the signed-in session (documented for the mode).
                manager.find(late.token().revealValue()).ifPresent(old -> assertThat(old.principal()).isEmpty());
                return;
            }
            assertThat(result).isEqualTo(SaveResult.GONE);
            assertThat(events.ofType(SessionEvent.Type.WRITE_AFTER_ROTATION_REFUSED)).hasSize(1);
        }

        @Test
        @DisplayName("L6: sixteen simultaneous sign-ins of one principal leave at most three under rejectAbove(3) and evictOldestAbove(3)")
        void simultaneousSignInsRespectTheCap() throws Exception {
            for (PrincipalCap cap : List.of(PrincipalCap.rejectAbove(3), PrincipalCap.evictOldestAbove(3))) {
                SessionManager capped = manager(SessionPolicy.custom().principalCap(cap).build(), KitKeys.sealer(keyring), 100);
                String principal = "simultaneous-" + cap.atCap();
                List<Session> sessions = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    Session session = capped.create();
                    session.setAttribute("i", i);
                    capped.save(session);
                    sessions.add(capped.find(session.token().revealValue()).orElseThrow());
                }
                atOnce(sessions.size(), sessions.size(), i -> () -> {
                    try {
                        capped.authenticate(sessions.get(i), principal);
                    } catch (SessionLimitExceededException | InvalidSessionStateException refused) {
                        // what the cap allows
                    }
                    return null;
                });
                long signedIn = sessions.stream()
                        .map(session -> capped.find(session.token().revealValue()))
                        .filter(found -> found.isPresent() && found.get().principal().isPresent())
                        .count();
                if (!underTest.comparesVersions()) {
                    assertThat(signedIn).as("without scripting the cap is a bound on sign-ins in sequence only").isPositive();
                    continue;
                }
                assertThat(signedIn).as("signed-in sessions under " + cap).isBetween(1L, 3L);
                assertThat(capped.sessionsOf(principal)).as("listed under " + cap).hasSize((int) signedIn);
            }
        }

        @Test
        @DisplayName("a save that loses every compare-and-set attempt fails and writes nothing")
        void conflictsExhausted() {
            SessionManager impatient = manager(SessionPolicy.ofDefaults(), KitKeys.sealer(keyring), 1);
            Session saved = savedSession(Map.of());
            Session first = impatient.find(saved.token().revealValue()).orElseThrow();
            Session second = impatient.find(saved.token().revealValue()).orElseThrow();
            first.setAttribute("a", 1);
            second.setAttribute("b", 2);
            impatient.save(first);

            if (!underTest.comparesVersions()) {
                assertThat(impatient.save(second)).as("last writer wins").isEqualTo(SaveResult.SAVED);
                assertThat(find(saved).attributeNames()).containsExactly("b");
                return;
            }
            assertThatThrownBy(() -> impatient.save(second)).isInstanceOf(SessionConflictException.class);
            assertThat(find(saved).attributeNames()).containsExactly("a");
        }

        @Test
        @DisplayName("invariant 4: a request still running when the session is invalidated cannot write it back")
        void lateRequestCannotResurrect() {
            Session saved = savedSession(Map.of("a", 1));
            Session late = find(saved);
            Session logout = find(saved);

            manager.invalidate(logout);
            late.setAttribute("b", 2);

            assertThat(manager.save(late)).isEqualTo(SaveResult.GONE);
            assertThat(manager.find(saved.token().revealValue())).isEmpty();
            assertThat(underTest.inspector().contents()).isEmpty();
            assertThat(events.ofType(SessionEvent.Type.WRITE_AFTER_DELETE_REFUSED)).hasSize(1);
        }

        @Test
        @DisplayName("L4: an invalidated session is not saved and cannot be changed")
        void invalidatedSessionStaysGone() {
            Session session = find(savedSession(Map.of("a", 1)));

            manager.invalidate(session);

            assertThat(manager.save(session)).isEqualTo(SaveResult.GONE);
            assertThatThrownBy(() -> session.setAttribute("b", 2)).isInstanceOf(InvalidSessionStateException.class);
            assertThat(underTest.inspector().contents()).isEmpty();
        }
    }

    @Nested
    @DisplayName("life cycle under interleaving")
    class Interleavings {

        private LifecycleInterleavings harness() {
            PausingStore pausing = new PausingStore(store);
            return new LifecycleInterleavings(pausing, (policy, managerClock) -> SessionManager.builder(pausing, KitKeys.sealer(keyring))
                    .namespace(NAMESPACE).policy(policy).clock(managerClock).eventListener(events).build(),
                    clock, underTest.comparesVersions());
        }

        @TestFactory
        @DisplayName("L4, L7, invariants 5 and 6: every pair of operations on one session, interleaved at every step")
        Stream<DynamicTest> everyPairOfOperations() {
            return harness().everyPair();
        }

        @TestFactory
        @DisplayName("L6: simultaneous sign-ins of one principal never exceed the cap")
        Stream<DynamicTest> capUnderInterleaving() {
            return harness().capUnderInterleaving();
        }
    }

    @Nested
    @DisplayName("the opt-in session lock")
    class Locking {

        private final Duration lease = Duration.ofSeconds(10);

        @Test
        @DisplayName("a store without locks says so when a lock is asked for")
        void withoutLocks() {
            if (store.supportsLocks()) {
                return; // the tests below cover it
            }
            Session saved = savedSession(Map.of("a", 1));
            assertThatThrownBy(() -> manager.findLocked(saved.token().revealValue(), lease, Duration.ZERO))
                    .isInstanceOf(UnsupportedOperationException.class);
        }

        @Test
        @DisplayName("one holder at a time: a second request that cannot wait longer is told the session is busy")
        void oneHolderAtATime() {
            if (!store.supportsLocks()) {
                return;
            }
            Session saved = savedSession(Map.of("a", 1));
            Session held = manager.findLocked(saved.token().revealValue(), lease, Duration.ZERO).orElseThrow();
            assertThat(held.isLocked()).isTrue();
            assertThatThrownBy(() -> manager.findLocked(saved.token().revealValue(), lease, Duration.ofMillis(50)))
                    .isInstanceOf(SessionBusyException.class);
            manager.unlock(held);
            Session next = manager.findLocked(saved.token().revealValue(), lease, Duration.ZERO).orElseThrow();
            manager.unlock(next);
            assertThat(held.isLocked()).isFalse();
        }

        @Test
        @DisplayName("fencing: a holder whose lease ran out writes nothing, and cannot release the next holder's lock")
        void expiredHolderIsFenced() {
            if (!store.supportsLocks()) {
                return;
            }
            Session saved = savedSession(Map.of("role", "user"));
            String token = saved.token().revealValue();
            Session slow = manager.findLocked(token, Duration.ofSeconds(2), Duration.ZERO).orElseThrow();
            elapse(Duration.ofSeconds(3));
            Session next = manager.findLocked(token, lease, Duration.ZERO).orElseThrow();
            next.setAttribute("role", "admin");
            assertThat(manager.save(next)).isEqualTo(SaveResult.SAVED);

            slow.setAttribute("role", "guest");
            assertThatThrownBy(() -> manager.save(slow)).isInstanceOf(SessionLockLostException.class);
            manager.unlock(slow);
            assertThatThrownBy(() -> manager.findLocked(token, lease, Duration.ZERO)).isInstanceOf(SessionBusyException.class);
            manager.unlock(next);
            assertThat(find(saved).getAttribute("role")).isEqualTo("admin");
        }

        @Test
        @DisplayName("invariant 5: twenty parallel locked read-modify-writes through plain attributes keep all twenty")
        void lockedRequestsSerialize() throws Exception {
            if (!store.supportsLocks()) {
                return;
            }
            Session saved = savedSession(Map.of("counter", 0));
            String token = saved.token().revealValue();
            List<SaveResult> results = atOnce(20, 8, i -> () -> {
                Session session = manager.findLocked(token, lease, Duration.ofSeconds(30)).orElseThrow();
                try {
                    session.setAttribute("counter", (Integer) session.getAttribute("counter") + 1);
                    return manager.save(session);
                } finally {
                    manager.unlock(session);
                }
            });
            assertThat(results).containsOnly(SaveResult.SAVED);
            assertThat(find(saved).getAttribute("counter")).isEqualTo(20);
            assertThat(events.ofType(SessionEvent.Type.CONCURRENT_OVERWRITE)).isEmpty();
        }

        @Test
        @DisplayName("a locked read costs two store calls more than a read: take and release")
        void lockCost() {
            if (!store.supportsLocks()) {
                return;
            }
            Session saved = savedSession(Map.of("a", 1));
            CountingSessionStore counting = new CountingSessionStore(store);
            SessionManager counted = SessionManager.builder(counting, KitKeys.sealer(keyring)).namespace(NAMESPACE).clock(clock).build();
            Session session = counted.findLocked(saved.token().revealValue(), lease, Duration.ZERO).orElseThrow();
            counted.save(session);
            counted.unlock(session);
            assertThat(counting.calls()).isEqualTo(3);
        }
    }

    @Nested
    @DisplayName("rotation")
    class Rotation {

        @Test
        @DisplayName("invariant 6: after rotation the old token opens nothing and its record was replaced, at the version read, by a tombstone")
        void oldTokenDeadAfterRotation() {
            Session session = find(savedSession(Map.of("a", 1)));
            String oldToken = session.token().revealValue();
            SessionKey oldKey = session.key();
            StoredRecord before = store.load(oldKey, null).orElseThrow();

            manager.rotate(session);

            assertThat(session.token().revealValue()).isNotEqualTo(oldToken);
            assertThat(manager.find(oldToken)).isEmpty();
            // The rotation's compare-and-set wrote the next version: a sealed tombstone naming the new key.
            assertThat(store.load(oldKey, null)).hasValueSatisfying(left -> {
                assertThat(left.version()).isEqualTo(before.version() + 1);
                assertThat(left.sealed()).isNotEqualTo(before.sealed());
            });
            assertThat(find(session).getAttribute("a")).isEqualTo(1);
        }

        @Test
        @DisplayName("L3: authentication rotates the token and binds the principal")
        void authenticationRotates() {
            Session session = find(savedSession(Map.of("cart", "book")));
            String anonymousToken = session.token().revealValue();

            manager.authenticate(session, "alice");

            assertThat(manager.find(anonymousToken)).isEmpty();
            Session signedIn = find(session);
            assertThat(signedIn.principal()).contains("alice");
            assertThat(signedIn.getAttribute("cart")).isEqualTo("book");
            assertThat(events.ofType(SessionEvent.Type.AUTHENTICATED)).hasSize(1);
            assertThat(events.ofType(SessionEvent.Type.ROTATED)).hasSize(1);
        }

        @Test
        @DisplayName("a new session can be authenticated before it was ever saved")
        void authenticateNewSession() {
            Session session = manager.create();

            manager.authenticate(session, "alice");

            assertThat(find(session).principal()).contains("alice");
            assertThat(manager.sessionsOf("alice")).hasSize(1);
        }

        @Test
        @DisplayName("with periodic renewal on, an old token is replaced on the next save")
        void periodicRenewal() {
            manager = manager(SessionPolicy.custom().renewalInterval(Duration.ofMinutes(15)).build());
            Session saved = savedSession(Map.of("a", 1));
            String first = saved.token().revealValue();

            elapse(Duration.ofMinutes(16));
            Session found = find(saved);
            manager.save(found);

            assertThat(found.token().revealValue()).isNotEqualTo(first);
            assertThat(manager.find(first)).isEmpty();
            assertThat(find(found).getAttribute("a")).isEqualTo(1);
        }
    }

    @Nested
    @DisplayName("lifetime")
    class Lifetime {

        @Test
        @DisplayName("L1: a session unused for longer than its idle timeout is gone")
        void idleTimeoutEnds() {
            Session saved = savedSession(Map.of("a", 1));

            elapse(Duration.ofMinutes(31));

            assertThat(manager.find(saved.token().revealValue())).isEmpty();
        }

        @Test
        @DisplayName("L1: a session in use lives past its idle timeout, but not past its absolute deadline")
        void absoluteDeadlineEndsBusySession() {
            Session saved = savedSession(Map.of("a", 1));
            String token = saved.token().revealValue();

            for (int i = 0; i < 16; i++) { // a request every 29m50s for almost 8 hours
                elapse(Duration.ofMinutes(29).plusSeconds(50));
                Session found = manager.find(token).orElseThrow(() -> new AssertionError("busy session ended early"));
                manager.save(found);
            }
            elapse(Duration.ofMinutes(29).plusSeconds(50));
            assertThat(manager.find(token)).isEmpty();
            assertThat(events.ofType(SessionEvent.Type.EXPIRED_ON_LOAD).size()
                    + events.ofType(SessionEvent.Type.UNKNOWN_TOKEN).size()).isEqualTo(1);
        }

        @Test
        @DisplayName("L1: removing a record's expiry does not extend the session past its deadline")
        void strippedTtlDoesNotExtend() {
            Session saved = savedSession(Map.of("a", 1));
            SessionKey key = saved.key();

            store.expire(key, Duration.ofDays(30)); // what someone with write access to the store could do
            elapse(Duration.ofHours(8).plusSeconds(1));

            assertThat(manager.find(saved.token().revealValue())).isEmpty();
            assertThat(events.ofType(SessionEvent.Type.EXPIRED_ON_LOAD)).hasSize(1);
            assertThat(store.load(key, null)).as("an expired record found on load is deleted").isEmpty();
        }

        @Test
        @DisplayName("L2: far from the deadline, every write sets the idle timeout as time to live")
        void ttlIsIdleTimeoutFarFromDeadline() {
            Session saved = savedSession(Map.of("a", 1));
            assertThat(ttlOf(saved.key())).isBetween(Duration.ofMinutes(29), Duration.ofMinutes(30));

            elapse(Duration.ofMinutes(10));
            Session found = find(saved);
            assertThat(ttlOf(saved.key())).as("after a find").isBetween(Duration.ofMinutes(29), Duration.ofMinutes(30));
            elapse(Duration.ofMinutes(10));
            found.setAttribute("b", 2);
            manager.save(found);
            assertThat(ttlOf(saved.key())).as("after a save").isBetween(Duration.ofMinutes(29), Duration.ofMinutes(30));
        }

        @Test
        @DisplayName("L2: close to the deadline the time to live shrinks to the time that is left")
        void ttlShrinksNearDeadline() {
            Session saved = savedSession(Map.of("a", 1));
            String token = saved.token().revealValue();
            for (int i = 0; i < 16; i++) {
                elapse(Duration.ofMinutes(29));
                manager.save(manager.find(token).orElseThrow());
            }
            // 7h44m have passed: 16 minutes are left before the 8-hour deadline.
            Session found = manager.find(token).orElseThrow();
            found.setAttribute("b", 2);
            manager.save(found);

            assertThat(ttlOf(saved.key())).isBetween(Duration.ofMinutes(15), Duration.ofMinutes(16));
        }

        @Test
        @DisplayName("a session's own idle timeout is kept in its record and applied by the store")
        void perSessionIdleTimeout() {
            Session session = manager.create();
            session.setIdleTimeout(Duration.ofMinutes(5));
            manager.save(session);

            assertThat(ttlOf(session.key())).isBetween(Duration.ofMinutes(4), Duration.ofMinutes(5));
            elapse(Duration.ofMinutes(4));
            Session found = find(session);
            assertThat(found.idleTimeout()).isEqualTo(Duration.ofMinutes(5));
            assertThat(ttlOf(session.key())).as("a find restarts the session's own timeout")
                    .isBetween(Duration.ofMinutes(4), Duration.ofMinutes(5));
            elapse(Duration.ofMinutes(6));
            assertThat(manager.find(session.token().revealValue())).isEmpty();
        }

        @Test
        @DisplayName("the last-access time is rewritten at most once per lazy touch interval")
        void lazyTouch() {
            Session saved = savedSession(Map.of("a", 1));
            String token = saved.token().revealValue();

            elapse(Duration.ofSeconds(30));
            Session early = manager.find(token).orElseThrow();
            assertThat(manager.save(early)).isEqualTo(SaveResult.UNCHANGED);
            assertThat(early.lastAccessedAt()).isEqualTo(saved.createdAt());

            elapse(Duration.ofSeconds(31));
            Session due = manager.find(token).orElseThrow();
            assertThat(manager.save(due)).isEqualTo(SaveResult.SAVED);
            assertThat(find(saved).lastAccessedAt()).isEqualTo(clock.instant());
        }

        private Duration ttlOf(SessionKey key) {
            return underTest.inspector().contents().entrySet().stream()
                    .filter(e -> e.getKey().contains(key.value()))
                    .map(e -> e.getValue().ttl())
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no record stored for " + key));
        }
    }

    @Nested
    @DisplayName("what the store holds")
    class AtRest {

        @Test
        @DisplayName("invariant 1: no token appears in any stored name or value")
        void noTokenStored() {
            Session session = manager.create();
            session.setAttribute("a", 1);
            manager.save(session);
            manager.authenticate(session, "alice");
            String token = session.token().revealValue();
            byte[] rawToken = Base64.getUrlDecoder().decode(token);

            assertNothingStoredContains(token);
            underTest.inspector().contents().forEach((name, item) ->
                    assertThat(contains(item.bytes(), rawToken)).as("raw token bytes under " + name).isFalse());
        }

        @Test
        @DisplayName("invariant 2 / D1: no attribute name or value and no principal name is readable")
        void nothingReadable() {
            Session session = manager.create();
            session.setAttribute("creditCardNumber", "4111111111111111");
            session.setAttribute("favouriteColour", List.of("ultramarine"));
            manager.save(session);
            manager.authenticate(session, "alice.secret@example.com");

            // the record, the tombstone of the anonymous record the sign-in rotated away from, alice's index
            assertThat(underTest.inspector().contents()).hasSize(3);
            for (String secret : List.of("creditCardNumber", "4111111111111111", "favouriteColour", "ultramarine",
                    "alice.secret@example.com", "alice")) {
                assertNothingStoredContains(secret);
            }
        }

        @Test
        @DisplayName("invariant 8: every stored item has a time to live")
        void everythingExpires() {
            Session a = manager.create();
            manager.authenticate(a, "alice");
            Session b = manager.create();
            b.setAttribute("x", "y");
            manager.save(b);
            Session c = find(b);
            c.setAttribute("z", 1);
            manager.save(c);
            manager.rotate(c);

            Map<String, StoreInspector.Item> contents = underTest.inspector().contents();
            assertThat(contents).isNotEmpty();
            contents.forEach((name, item) -> assertThat(item.ttl()).as("time to live of " + name)
                    .isNotNull()
                    .isPositive()
                    .isLessThanOrEqualTo(Duration.ofHours(8)));
        }
    }

    @Nested
    @DisplayName("tampering")
    class Tampering {

        @Test
        @DisplayName("a record whose version prefix was set implausibly high reads as no session and is reported, rather than making every save conflict")
        void implausibleVersionIsTampering() {
            Session saved = savedSession(Map.of("a", 1));
            SessionStore inflated = new ForwardingSessionStore(store) {
                @Override
                public Optional<StoredRecord> load(SessionKey key, @Nullable Duration touchTtl) {
                    return super.load(key, touchTtl).map(r -> new StoredRecord(Long.MAX_VALUE, r.sealed()));
                }
            };
            SessionManager reading = SessionManager.builder(inflated, KitKeys.sealer(keyring)).namespace(NAMESPACE)
                    .clock(clock).eventListener(events).build();

            assertThat(reading.find(saved.token().revealValue())).isEmpty();
            assertThat(events.ofType(SessionEvent.Type.TAMPERED)).singleElement()
                    .satisfies(event -> assertThat(event.detail()).contains("version"));
        }

        @Test
        @DisplayName("invariant 3 / D2: a record moved under another key opens as no session")
        void movedRecordDoesNotOpen() {
            Session victim = savedSession(Map.of("role", "admin"));
            Session attacker = savedSession(Map.of("role", "guest"));
            byte[] victimRecord = store.load(victim.key(), null).orElseThrow().sealed();

            store.delete(attacker.key());
            store.create(attacker.key(), victimRecord, Duration.ofMinutes(30));

            assertThat(manager.find(attacker.token().revealValue())).isEmpty();
            assertThat(events.ofType(SessionEvent.Type.TAMPERED)).hasSize(1);
        }

        @Test
        @DisplayName("invariant 3 / D2: a truncated record opens as no session")
        void truncatedRecordDoesNotOpen() {
            Session session = savedSession(Map.of("a", "value"));
            byte[] sealed = store.load(session.key(), null).orElseThrow().sealed();

            for (int length : new int[] {0, 1, sealed.length / 2, sealed.length - 1}) {
                store.delete(session.key());
                store.create(session.key(), java.util.Arrays.copyOf(sealed, length), Duration.ofMinutes(30));
                assertThat(manager.find(session.token().revealValue())).as("truncated to " + length).isEmpty();
            }
            assertThat(events.ofType(SessionEvent.Type.TAMPERED)).hasSize(4);
        }

        @Test
        @DisplayName("invariant 3 / D2: a record with any single bit flipped opens as no session")
        void bitFlippedRecordDoesNotOpen() {
            Session session = savedSession(Map.of("a", "value"));
            byte[] sealed = store.load(session.key(), null).orElseThrow().sealed();

            for (int position = 0; position < sealed.length; position += Math.max(1, sealed.length / 24)) {
                byte[] flipped = sealed.clone();
                flipped[position] ^= (byte) (1 << (position % 8));
                store.delete(session.key());
                store.create(session.key(), flipped, Duration.ofMinutes(30));
                assertThat(manager.find(session.token().revealValue())).as("bit flipped at byte " + position).isEmpty();
            }
            assertThat(events.ofType(SessionEvent.Type.UNKNOWN_TOKEN)).isEmpty();
        }

        @Test
        @DisplayName("invariant 3: a record sealed with keys not in the keyring opens as no session")
        void foreignKeyringDoesNotOpen() {
            Session session = savedSession(Map.of("a", 1));
            SessionManager stranger = manager(SessionPolicy.ofDefaults(), KitKeys.sealer(KitKeys.generate()), 8);

            assertThat(stranger.find(session.token().revealValue())).isEmpty();
            assertThat(events.ofType(SessionEvent.Type.TAMPERED)).hasSize(1);
        }

        @Test
        @DisplayName("D6: an oversized stored value is refused without being decrypted")
        void oversizedValueRefused() {
            Session session = savedSession(Map.of("a", 1));
            byte[] huge = new byte[SessionPolicy.ofDefaults().maxRecordBytes() + 4096];
            RANDOM.nextBytes(huge);
            store.delete(session.key());
            store.create(session.key(), huge, Duration.ofMinutes(30));

            assertThat(manager.find(session.token().revealValue())).isEmpty();
            assertThat(events.ofType(SessionEvent.Type.TAMPERED)).singleElement()
                    .satisfies(e -> assertThat(e.detail()).contains("size limit"));
        }
    }

    @Nested
    @DisplayName("limits")
    class Limits {

        @Test
        @DisplayName("D6: a session larger than the record limit is refused and nothing is written")
        void recordLimit() {
            manager = manager(SessionPolicy.custom().maxRecordBytes(1024).build());
            Session session = manager.create();
            manager.save(session);
            Session found = find(session);

            assertThatThrownBy(() -> found.setAttribute("big", "x".repeat(2000)))
                    .isInstanceOf(SessionTooLargeException.class)
                    .hasMessageContaining("'big'")
                    .hasMessageContaining("maxRecordBytes");
            assertThat(found.attributeNames()).isEmpty();
            assertThat(store.load(session.key(), null).orElseThrow().version()).isEqualTo(1);
        }

        @Test
        @DisplayName("D6: the attribute count is capped")
        void attributeCountLimit() {
            manager = manager(SessionPolicy.custom().maxAttributes(3).build());
            Session session = manager.create();
            session.setAttribute("a", 1);
            session.setAttribute("b", 2);
            session.setAttribute("c", 3);

            assertThatThrownBy(() -> session.setAttribute("d", 4))
                    .isInstanceOf(SessionTooLargeException.class)
                    .hasMessageContaining("maxAttributes");
            session.setAttribute("c", 33); // replacing is fine
            manager.save(session);
            assertThat(find(session).attributeNames()).containsExactly("a", "b", "c");
        }
    }

    @Nested
    @DisplayName("a principal's sessions")
    class Principals {

        @Test
        @DisplayName("sessionsOf lists a principal's live sessions with handles that are not tokens")
        void sessionsOfListsLiveSessions() {
            Session phone = manager.create();
            phone.setAttribute("device", "phone");
            manager.authenticate(phone, "alice");
            Session laptop = manager.create();
            laptop.setAttribute("device", "laptop");
            manager.authenticate(laptop, "alice");
            manager.authenticate(manager.create(), "bob");

            List<SessionInfo> sessions = manager.sessionsOf("alice");

            assertThat(sessions).extracting(s -> s.attributes().get("device")).containsExactlyInAnyOrder("phone", "laptop");
            for (SessionInfo info : sessions) {
                assertThat(info.handle()).isNotIn(phone.token().revealValue(), laptop.token().revealValue(),
                        phone.key().value(), laptop.key().value());
                assertThat(manager.find(info.handle())).isEmpty();
            }
        }

        @Test
        @DisplayName("sessionsOf drops sessions that expired and prunes them from the index")
        void sessionsOfDropsExpired() {
            Session idle = manager.create();
            manager.authenticate(idle, "alice");
            elapse(Duration.ofMinutes(20));
            Session active = manager.create();
            manager.authenticate(active, "alice");
            elapse(Duration.ofMinutes(15)); // idle's 30 minutes are over, active's are not

            assertThat(manager.sessionsOf("alice")).extracting(SessionInfo::handle)
                    .containsExactly(SessionInfo.handleOf(active.key()));
        }

        @Test
        @DisplayName("L5: invalidate by handle ends exactly that session")
        void invalidateByHandle() {
            Session phone = manager.create();
            manager.authenticate(phone, "alice");
            Session laptop = manager.create();
            manager.authenticate(laptop, "alice");

            assertThat(manager.invalidate("alice", SessionInfo.handleOf(phone.key()))).isTrue();
            assertThat(manager.invalidate("bob", SessionInfo.handleOf(laptop.key()))).as("not bob's").isFalse();

            assertThat(manager.find(phone.token().revealValue())).isEmpty();
            assertThat(manager.find(laptop.token().revealValue())).isPresent();
        }

        @Test
        @DisplayName("L5: ending all other sessions keeps the current one")
        void invalidateOthers() {
            Session current = manager.create();
            manager.authenticate(current, "alice");
            List<Session> others = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Session other = manager.create();
                manager.authenticate(other, "alice");
                others.add(other);
            }

            assertThat(manager.invalidateOthers(current)).isEqualTo(3);

            for (Session other : others) {
                assertThat(manager.find(other.token().revealValue())).isEmpty();
            }
            assertThat(manager.find(current.token().revealValue())).isPresent();
            assertThat(manager.sessionsOf("alice")).hasSize(1);
        }

        @Test
        @DisplayName("L5: ending the other sessions from a request loaded before its own token was renewed keeps this session")
        void othersEndedAfterOwnRenewalKeepThisSession() {
            Session mine = manager.create();
            manager.save(mine);
            manager.authenticate(mine, "erin");
            Session other = manager.create();
            manager.save(other);
            manager.authenticate(other, "erin");
            Session loadedBefore = find(mine);
            elapse(Duration.ofSeconds(2));
            SessionManager renewing = manager(SessionPolicy.custom().renewalInterval(Duration.ofSeconds(1)).build());
            Session renewed = renewing.find(mine.token().revealValue()).orElseThrow();
            assertThat(renewing.save(renewed)).isEqualTo(SaveResult.SAVED);
            assertThat(renewed.token()).isNotEqualTo(mine.token());

            assertThat(manager.invalidateOthers(loadedBefore)).isEqualTo(1);

            assertThat(manager.find(renewed.token().revealValue())).isPresent();
            assertThat(manager.find(other.token().revealValue())).isEmpty();
        }

        @Test
        @DisplayName("L5: ending every session of a principal leaves other principals alone")
        void invalidateAllOf() {
            Session a1 = manager.create();
            manager.authenticate(a1, "alice");
            Session a2 = manager.create();
            manager.authenticate(a2, "alice");
            Session b = manager.create();
            manager.authenticate(b, "bob");

            assertThat(manager.invalidateAllOf("alice")).isEqualTo(2);

            assertThat(manager.find(a1.token().revealValue())).isEmpty();
            assertThat(manager.find(a2.token().revealValue())).isEmpty();
            assertThat(manager.find(b.token().revealValue())).isPresent();
            assertThat(manager.sessionsOf("alice")).isEmpty();
        }

        @Test
        @DisplayName("L6: at the cap, evict-oldest ends the session with the earliest deadline")
        void capEvictsOldest() {
            manager = manager(SessionPolicy.custom().principalCap(PrincipalCap.evictOldestAbove(2)).build());
            Session first = manager.create();
            manager.authenticate(first, "alice");
            elapse(Duration.ofMinutes(1));
            Session second = manager.create();
            manager.authenticate(second, "alice");
            elapse(Duration.ofMinutes(1));
            Session third = manager.create();
            manager.authenticate(third, "alice");

            assertThat(manager.find(first.token().revealValue())).isEmpty();
            assertThat(manager.find(second.token().revealValue())).isPresent();
            assertThat(manager.find(third.token().revealValue())).isPresent();
            assertThat(events.ofType(SessionEvent.Type.CAP_REACHED)).hasSize(1);
        }

        @Test
        @DisplayName("L6: at the cap, reject refuses the sign-in and keeps the existing sessions")
        void capRejects() {
            manager = manager(SessionPolicy.custom().principalCap(PrincipalCap.rejectAbove(2)).build());
            Session first = manager.create();
            manager.authenticate(first, "alice");
            Session second = manager.create();
            manager.authenticate(second, "alice");
            Session third = manager.create();
            manager.save(third);
            String anonymousToken = third.token().revealValue();

            assertThatThrownBy(() -> manager.authenticate(third, "alice"))
                    .isInstanceOf(SessionLimitExceededException.class)
                    .hasMessageContaining("2");

            assertThat(manager.find(first.token().revealValue())).isPresent();
            assertThat(manager.find(second.token().revealValue())).isPresent();
            assertThat(manager.find(anonymousToken)).as("the refused session keeps its token, unauthenticated")
                    .hasValueSatisfying(s -> assertThat(s.principal()).isEmpty());
        }

        @Test
        @DisplayName("L6: sessions that ended on their own do not count towards the cap")
        void expiredSessionsDoNotCount() {
            manager = manager(SessionPolicy.custom().principalCap(PrincipalCap.rejectAbove(1)).build());
            manager.authenticate(manager.create(), "alice");
            elapse(Duration.ofMinutes(31)); // idle timeout: the record is gone, its index entry is not

            Session again = manager.create();
            manager.authenticate(again, "alice");

            assertThat(manager.sessionsOf("alice")).hasSize(1);
        }

        @Test
        @DisplayName("re-authenticating as another principal moves the session between indexes")
        void switchPrincipal() {
            Session session = manager.create();
            manager.authenticate(session, "alice");

            manager.authenticate(session, "bob");

            assertThat(manager.sessionsOf("alice")).isEmpty();
            assertThat(manager.sessionsOf("bob")).hasSize(1);
        }
    }

    @Nested
    @DisplayName("key rotation")
    class KeyRotation {

        @Test
        @DisplayName("invariant 10 / D3: sessions stay readable across a key rotation until the old key is retired")
        void rotationKeepsSessionsReadable() {
            Session untouched = savedSession(Map.of("who", "untouched"));
            Session rewritten = savedSession(Map.of("who", "rewritten"));

            SessionKeyring rotated = KitKeys.rotate(keyring);
            SessionManager afterRotation = manager(SessionPolicy.ofDefaults(), KitKeys.sealer(rotated), 8);
            assertThat(afterRotation.find(untouched.token().revealValue())).isPresent();
            Session toRewrite = afterRotation.find(rewritten.token().revealValue()).orElseThrow();
            toRewrite.setAttribute("seen", true);
            afterRotation.save(toRewrite); // re-sealed with the new primary

            SessionKeyring retired = KitKeys.retireAllButPrimary(rotated);
            SessionManager afterRetirement = manager(SessionPolicy.ofDefaults(), KitKeys.sealer(retired), 8);
            assertThat(afterRetirement.find(rewritten.token().revealValue()))
                    .hasValueSatisfying(s -> assertThat(s.getAttribute("who")).isEqualTo("rewritten"));
            assertThat(afterRetirement.find(untouched.token().revealValue())).isEmpty();
        }
    }

}

package io.sealedsession.tests.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedsession.core.InvalidSessionStateException;
import io.sealedsession.core.PrincipalCap;
import io.sealedsession.core.SaveResult;
import io.sealedsession.core.Session;
import io.sealedsession.core.SessionLimitExceededException;
import io.sealedsession.core.SessionManager;
import io.sealedsession.core.SessionPolicy;
import io.sealedsession.core.memory.InMemorySessionStore;
import io.sealedsession.core.port.SessionSealer;
import io.sealedsession.core.port.SessionStore;
import io.sealedsession.crypto.SessionKeyring;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Randomized concurrent requests on a few sessions of a few principals, from two managers (two
 * application instances) on one store, recording the history of acknowledged operations and
 * checking it afterwards: no acknowledged change lost, no session alive after its end was
 * acknowledged, never two live copies of one session, never more signed-in sessions per principal
 * than the cap. The seed is printed on failure and fixed with {@code -Dsealedsession.seed=...};
 * the run is bounded in operations.
 */
class LifecycleStressTest {

    private static final int THREADS = 8;
    private static final int OPERATIONS_PER_THREAD = 120;
    private static final int PRINCIPALS = 3;
    private static final int CAP = 3;

    static Stream<String> stores() {
        return Stream.concat(Stream.of("memory"), RedisMatrix.clients().stream());
    }

    /** One logical session as a browser sees it: the token it holds, and what the test knows of it. */
    private static final class Slot {
        final String principal;
        final AtomicReference<String> token;
        final Set<String> tokens = ConcurrentHashMap.newKeySet();
        final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        /** What happened to this session, for the failure message. */
        final java.util.Queue<String> history = new java.util.concurrent.ConcurrentLinkedQueue<>();
        volatile long signedInAt;
        volatile boolean ended;

        Slot(String principal, String token, long signedInAt) {
            this.principal = principal;
            this.token = new AtomicReference<>(token);
            this.tokens.add(token);
            this.signedInAt = signedInAt;
        }

        void tokenChanged(String from, String to) {
            tokens.add(to);
            token.compareAndSet(from, to);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    @DisplayName("L4, L6, L7: randomized concurrent requests from two instances keep every acknowledged change and end, and the cap")
    void randomizedHistoryHolds(String client) throws Exception {
        long seed = Long.getLong("sealedsession.seed", System.nanoTime());
        RedisStoreUnderTest redis = client.equals("memory") ? null : RedisStoreUnderTest.open(RedisSetup.PLAIN, client);
        try {
            SessionStore store = redis == null ? new InMemorySessionStore() : redis.store();
            for (int round = 0; round < Integer.getInteger("sealedsession.stress.rounds", 2); round++) {
                run(store, seed + round * 1000L);
            }
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("seed " + seed + " (rerun with -Dsealedsession.seed=" + seed + "): " + e.getMessage(), e);
        } finally {
            if (redis != null) {
                redis.close();
            }
        }
    }

    private void run(SessionStore store, long seed) throws Exception {
        TestData.quietLogs();
        SessionSealer sealer = SessionKeyring.generate().sealer();
        SessionPolicy policy = SessionPolicy.custom().principalCap(PrincipalCap.rejectAbove(CAP)).build();
        SessionManager first = manager(store, sealer, policy, Clock.systemUTC());
        // The second instance renews every token it finds: its clock runs ahead of the renewal interval.
        SessionManager second = manager(store, sealer, SessionPolicy.from(policy).renewalInterval(Duration.ofSeconds(1)).build(),
                Clock.offset(Clock.systemUTC(), Duration.ofSeconds(2)));
        AtomicLong clock = new AtomicLong();
        List<Slot> slots = new CopyOnWriteArrayList<>();
        List<long[]> endsOfAll = new CopyOnWriteArrayList<>(); // {principal index, started at, finished at}
        for (int p = 0; p < PRINCIPALS; p++) {
            for (int i = 0; i < 2; i++) {
                slots.add(signIn(first, "user-" + p, clock).orElseThrow());
            }
        }
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        AtomicLong ids = new AtomicLong();
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                Random random = new Random(seed + t);
                workers.add(pool.submit(() -> {
                    start.await();
                    for (int n = 0; n < OPERATIONS_PER_THREAD; n++) {
                        SessionManager manager = random.nextInt(4) == 0 ? second : first;
                        int pick = random.nextInt(100);
                        if (pick < 6) {
                            int principal = random.nextInt(PRINCIPALS);
                            signIn(manager, "user-" + principal, clock).ifPresent(slots::add);
                            continue;
                        }
                        if (pick < 9) {
                            int principal = random.nextInt(PRINCIPALS);
                            long startedAt = clock.incrementAndGet();
                            manager.invalidateAllOf("user-" + principal);
                            endsOfAll.add(new long[] {principal, startedAt, clock.incrementAndGet()});
                            continue;
                        }
                        Slot slot = slots.get(random.nextInt(slots.size()));
                        if (slot.ended) {
                            continue;
                        }
                        String token = slot.token.get();
                        Optional<Session> found = manager.find(token);
                        if (found.isEmpty()) {
                            continue;
                        }
                        Session session = found.get();
                        String what = manager == second ? "renewing " : "";
                        try {
                            if (pick < 60) {
                                String id = "op-" + ids.incrementAndGet();
                                session.update("log", List.class, log -> {
                                    List<Object> more = new ArrayList<>(log == null ? List.of() : log);
                                    more.add(id);
                                    return more;
                                });
                                SaveResult result = manager.save(session);
                                what += "update " + id + " " + result;
                                if (result == SaveResult.SAVED) {
                                    slot.acknowledged.add(id);
                                }
                            } else if (pick < 75) {
                                what += "rotate";
                                manager.rotate(session);
                            } else if (pick < 88) {
                                what += "authenticate";
                                manager.authenticate(session, slot.principal);
                            } else if (pick < 93) {
                                what += "invalidate";
                                manager.invalidate(session);
                                slot.ended = true;
                            } else {
                                what += "save " + manager.save(session);
                            }
                        } catch (InvalidSessionStateException | SessionLimitExceededException endedOrRefused) {
                            // computed from a session that ended or was signed in meanwhile: refused, as it should
                            what += " refused (" + endedOrRefused.getClass().getSimpleName() + ")";
                        } finally {
                            String now = session.token().revealValue();
                            slot.history.add(what + ": " + token.substring(0, 6) + " -> " + now.substring(0, 6));
                            if (!now.equals(token)) {
                                slot.tokenChanged(token, now);
                            }
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> worker : workers) {
                worker.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        for (Slot slot : slots) {
            // Signed in before an "end every session" started: it must be gone. Signed in while one
            // ran: either outcome is right (the two overlapped), but never two live copies.
            boolean endedByAll = endsOfAll.stream()
                    .anyMatch(end -> ("user-" + end[0]).equals(slot.principal) && slot.signedInAt < end[1]);
            boolean overlappedAnEnd = endsOfAll.stream()
                    .anyMatch(end -> ("user-" + end[0]).equals(slot.principal) && slot.signedInAt < end[2]);
            List<Session> live = new ArrayList<>();
            for (String token : slot.tokens) {
                first.find(token).ifPresent(live::add);
            }
            if (slot.ended || endedByAll) {
                assertThat(live).as("L4: a session alive after its end was acknowledged").isEmpty();
                continue;
            }
            if (overlappedAnEnd && live.isEmpty()) {
                continue;
            }
            assertThat(live).as("exactly one live copy of a session that nobody ended; its history:\n"
                    + String.join("\n", slot.history) + "\nends of all: " + endsOfAll.stream()
                    .map(end -> "user-" + end[0] + " " + end[1] + ".." + end[2]).toList() + ", signed in at " + slot.signedInAt
                    + " as " + slot.principal).hasSize(1);
            Object log = live.get(0).getAttribute("log");
            List<Object> kept = log instanceof List<?> list ? new ArrayList<>(list) : new ArrayList<>();
            assertThat(kept).as("L7: every acknowledged update is kept").containsAll(new ArrayList<Object>(slot.acknowledged));
            assertThat(kept).as("no update applied twice").doesNotHaveDuplicates();
        }
        for (int p = 0; p < PRINCIPALS; p++) {
            assertThat(first.sessionsOf("user-" + p)).as("L6: signed-in sessions of user-" + p).hasSizeLessThanOrEqualTo(CAP);
        }
    }

    private static Optional<Slot> signIn(SessionManager manager, String principal, AtomicLong clock) {
        Session session = manager.create();
        session.setAttribute("log", List.of());
        manager.save(session);
        try {
            manager.authenticate(session, principal);
        } catch (SessionLimitExceededException | InvalidSessionStateException refusedOrEndedMeanwhile) {
            return Optional.empty(); // refused by the cap, or ended by an "end every session" that overlapped
        }
        return Optional.of(new Slot(principal, session.token().revealValue(), clock.incrementAndGet()));
    }

    private static SessionManager manager(SessionStore store, SessionSealer sealer, SessionPolicy policy, Clock clock) {
        return SessionManager.builder(store, sealer).namespace(RedisSetup.NAMESPACE).policy(policy).clock(clock).build();
    }
}

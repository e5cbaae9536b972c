package io.sealedsession.tests.kit;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedsession.core.InvalidSessionStateException;
import io.sealedsession.core.PrincipalCap;
import io.sealedsession.core.SaveResult;
import io.sealedsession.core.Session;
import io.sealedsession.core.SessionBusyException;
import io.sealedsession.core.SessionInfo;
import io.sealedsession.core.SessionLimitExceededException;
import io.sealedsession.core.SessionManager;
import io.sealedsession.core.SessionPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DynamicTest;

/**
 * The kit's interleaving harness for the session life cycle: two requests on one session, the
 * first stopped before each of its store calls in turn while the second runs from start to end,
 * then let go. After each run it checks, from the outside, what a user would see:
 *
 * <ul>
 *   <li>L4: once an end (sign-out, "end every session", "end that device") returned, no token
 *       of the session opens anything and the principal lists no session, whatever the other
 *       request did: no rotation, renewal or sign-in computed before the end brings it back;</li>
 *   <li>L7 and invariant 5: otherwise exactly one token opens the session (no fork, no loss), and
 *       it holds every change that was acknowledged ({@link SaveResult#SAVED}): plain saves,
 *       renewals and {@link Session#update} counters alike;</li>
 *   <li>invariant 6: a token replaced by a rotation opens nothing;</li>
 *   <li>the principal's index lists the live session exactly once.</li>
 * </ul>
 *
 * And for the cap (L6): two sign-ins of one principal interleaved at every step leave at most
 * {@code maxSessions} signed-in sessions, under both behaviours at the cap.
 */
public final class LifecycleInterleavings {

    /** The operations of a request on the session. */
    public enum Op {
        FIND, SAVE, UPDATE, ROTATE, RENEW, AUTHENTICATE, INVALIDATE, INVALIDATE_ALL_OF, INVALIDATE_BY_HANDLE,
        /** A request that holds the opt-in lock, changes an attribute and saves; run on stores with locks. */
        LOCKED_SAVE;

        boolean ends() {
            return this == INVALIDATE || this == INVALIDATE_ALL_OF || this == INVALIDATE_BY_HANDLE;
        }
    }

    private record Outcome(Op op, boolean acknowledged, @Nullable String tokenAfter) {}

    private record Scenario(String principal, String token, String handle) {}

    /** How far ahead of the kit's clock the renewing manager's clock runs: renewal is due on every find. */
    private static final Duration RENEWAL_DUE = Duration.ofSeconds(2);

    private final PausingStore store;
    private final Function<SessionPolicy, SessionManager> managers;
    private final SessionManager manager;
    private final SessionManager renewing;
    private final AtomicInteger scenarios = new AtomicInteger();
    private final boolean comparesVersions;

    /**
     * @param store the store under test, wrapped
     * @param managers builds a manager over {@code store} with a policy and a clock
     * @param clock the kit's clock
     * @param comparesVersions false for a store that is last-writer-wins by design (Redis without
     *     scripting): only L4 is checked then, since concurrent writes may overwrite each other
     */
    public LifecycleInterleavings(PausingStore store, BiFunction<SessionPolicy, Clock, SessionManager> managers, Clock clock,
            boolean comparesVersions) {
        this.store = store;
        this.comparesVersions = comparesVersions;
        this.managers = policy -> managers.apply(policy, clock);
        this.manager = this.managers.apply(SessionPolicy.ofDefaults());
        // Its clock runs ahead, so the sessions it finds are due for renewal without waiting.
        this.renewing = managers.apply(SessionPolicy.custom().renewalInterval(Duration.ofSeconds(1)).build(),
                Clock.offset(clock, RENEWAL_DUE));
    }

    /** One test per ordered pair of operations; each runs the first paused at every one of its steps. */
    public Stream<DynamicTest> everyPair() {
        List<DynamicTest> tests = new ArrayList<>();
        List<Op> ops = new ArrayList<>(List.of(Op.values()));
        if (!store.supportsLocks()) {
            ops.remove(Op.LOCKED_SAVE);
        }
        for (Op a : ops) {
            for (Op b : ops) {
                tests.add(DynamicTest.dynamicTest(a + " paused at each step while " + b + " runs", () -> pair(a, b)));
            }
        }
        return tests.stream();
    }

    private void pair(Op a, Op b) throws Exception {
        Scenario dry = scenario();
        AtomicReference<Outcome> ignored = new AtomicReference<>();
        runPaused(() -> ignored.set(run(a, dry, "a")), -1, () -> {});
        int steps = store.calls();
        assertThat(steps).as("store calls of " + a).isPositive();
        for (int k = 0; k < steps; k++) {
            Scenario scenario = scenario();
            AtomicReference<Outcome> first = new AtomicReference<>();
            AtomicReference<Outcome> second = new AtomicReference<>();
            String where = runPaused(() -> first.set(run(a, scenario, "a")), k, () -> second.set(run(b, scenario, "b")));
            check(scenario, first.get(), second.get(), a + " paused before its call " + k + " (" + where + ") while " + b + " ran");
        }
    }

    /** A signed-in session with a counter at 0. */
    private Scenario scenario() {
        String principal = "interleaved-" + scenarios.incrementAndGet();
        Session session = manager.create();
        session.setAttribute("counter", 0);
        manager.save(session);
        manager.authenticate(session, principal);
        String handle = manager.sessionsOf(principal).get(0).handle();
        return new Scenario(principal, session.token().revealValue(), handle);
    }

    /**
     * Runs {@code paused} on its own thread, stopped before its store call {@code index}, runs
     * {@code meanwhile} on this thread while it is stopped (or after it finished, when it makes
     * fewer calls), then lets it finish.
     *
     * @return the port method it was stopped before, or "finished first"
     */
    private String runPaused(Runnable paused, int index, Runnable meanwhile) throws Exception {
        CountDownLatch finished = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                paused.run();
            } catch (Throwable t) {
                failure.set(t);
            } finally {
                finished.countDown();
            }
        }, "kit-paused-request");
        store.arm(thread, index);
        thread.start();
        String where = "finished first";
        try {
            if (index < 0 && !finished.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("the request did not finish");
            }
            if (index >= 0 && store.awaitPause(finished)) {
                where = String.valueOf(store.pausedAt());
            }
            meanwhile.run();
        } finally {
            store.release();
            if (!finished.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("the paused request did not finish");
            }
        }
        if (failure.get() != null) {
            throw new AssertionError("the paused request failed unexpectedly", failure.get());
        }
        return where;
    }

    private Outcome run(Op op, Scenario scenario, String side) {
        try {
            return switch (op) {
                case FIND -> new Outcome(op, manager.find(scenario.token()).isPresent(), null);
                case SAVE -> withSession(manager, op, scenario, s -> {
                    s.setAttribute("saved-by-" + side, side);
                    return manager.save(s) == SaveResult.SAVED;
                });
                case UPDATE -> withSession(manager, op, scenario, s -> {
                    s.update("counter", Integer.class, c -> c == null ? 1 : c + 1);
                    return manager.save(s) == SaveResult.SAVED;
                });
                case RENEW -> withSession(renewing, op, scenario, s -> {
                    s.setAttribute("renewed-by-" + side, side);
                    return renewing.save(s) == SaveResult.SAVED;
                });
                case ROTATE -> withSession(manager, op, scenario, s -> {
                    manager.rotate(s);
                    return true;
                });
                case AUTHENTICATE -> withSession(manager, op, scenario, s -> {
                    manager.authenticate(s, scenario.principal());
                    return true;
                });
                case INVALIDATE -> withSession(manager, op, scenario, s -> {
                    manager.invalidate(s);
                    return true;
                });
                case INVALIDATE_ALL_OF -> {
                    manager.invalidateAllOf(scenario.principal());
                    yield new Outcome(op, true, null);
                }
                case INVALIDATE_BY_HANDLE -> new Outcome(op, manager.invalidate(scenario.principal(), scenario.handle()), null);
                case LOCKED_SAVE -> lockedSave(scenario, side);
            };
        } catch (InvalidSessionStateException endedMeanwhile) {
            // A rotation or sign-in computed from a session that ended (or was signed in) meanwhile.
            return new Outcome(op, false, null);
        }
    }

    /** Takes the lock without waiting: the other request may hold it (it is paused), then this one is busy. */
    private Outcome lockedSave(Scenario scenario, String side) {
        Optional<Session> found;
        try {
            found = manager.findLocked(scenario.token(), Duration.ofSeconds(30), Duration.ZERO);
        } catch (SessionBusyException busy) {
            return new Outcome(Op.LOCKED_SAVE, false, null);
        }
        if (found.isEmpty()) {
            return new Outcome(Op.LOCKED_SAVE, false, null);
        }
        Session session = found.get();
        try {
            session.setAttribute("saved-by-" + side, side);
            return new Outcome(Op.LOCKED_SAVE, manager.save(session) == SaveResult.SAVED, null);
        } finally {
            manager.unlock(session);
        }
    }

    private interface Action {
        boolean apply(Session session);
    }

    private static Outcome withSession(SessionManager manager, Op op, Scenario scenario, Action action) {
        Optional<Session> found = manager.find(scenario.token());
        if (found.isEmpty()) {
            return new Outcome(op, false, null); // it did not load the session: not a late request
        }
        Session session = found.get();
        boolean acknowledged = action.apply(session);
        String token = session.token().revealValue();
        return new Outcome(op, acknowledged, token.equals(scenario.token()) ? null : token);
    }

    private void check(Scenario scenario, Outcome a, Outcome b, String what) {
        Set<String> tokens = new LinkedHashSet<>();
        tokens.add(scenario.token());
        if (a.tokenAfter() != null) {
            tokens.add(a.tokenAfter());
        }
        if (b.tokenAfter() != null) {
            tokens.add(b.tokenAfter());
        }
        List<Session> live = new ArrayList<>();
        for (String token : tokens) {
            manager.find(token).ifPresent(live::add);
        }
        List<SessionInfo> listed = manager.sessionsOf(scenario.principal());
        boolean ended = (a.acknowledged() && a.op().ends()) || (b.acknowledged() && b.op().ends());
        if (ended) {
            assertThat(live).as(what + ": L4, a session alive after its end was acknowledged").isEmpty();
            assertThat(listed).as(what + ": L4, the principal still lists a session after its end").isEmpty();
            return;
        }
        if (!comparesVersions) {
            return; // last writer wins: concurrent writes may replace each other, by design of the mode
        }
        assertThat(live).as(what + ": exactly one token opens the session (" + a + ", " + b + ")").hasSize(1);
        Session session = live.get(0);
        if (!session.token().revealValue().equals(scenario.token())) {
            assertThat(manager.find(scenario.token())).as(what + ": invariant 6, the replaced token opens nothing").isEmpty();
        }
        int updates = 0;
        for (Outcome outcome : List.of(a, b)) {
            String side = outcome == a ? "a" : "b";
            if (!outcome.acknowledged()) {
                continue;
            }
            switch (outcome.op()) {
                case SAVE, LOCKED_SAVE -> assertThat(session.getAttribute("saved-by-" + side)).as(what + ": L7, an acknowledged save was lost").isEqualTo(side);
                case RENEW -> assertThat(session.getAttribute("renewed-by-" + side)).as(what + ": L7, an acknowledged renewal's save was lost").isEqualTo(side);
                case UPDATE -> updates++;
                default -> { }
            }
        }
        assertThat(session.getAttribute("counter")).as(what + ": invariant 5, an acknowledged update was lost or applied twice").isEqualTo(updates);
        assertThat(session.principal()).as(what + ": the session is still signed in").contains(scenario.principal());
        assertThat(listed).as(what + ": the principal lists its one live session").hasSize(1);
    }

    // ---- the cap (L6) -------------------------------------------------------------------------

    /**
     * Two sign-ins of one principal, the first paused at each of its steps while the second runs,
     * under a cap of one session, for both behaviours at the cap.
     */
    public Stream<DynamicTest> capUnderInterleaving() {
        if (!comparesVersions) {
            return Stream.of(DynamicTest.dynamicTest("without compare-and-set, sign-ins one after another respect the cap",
                    this::capInSequence));
        }
        return Stream.of(PrincipalCap.rejectAbove(1), PrincipalCap.evictOldestAbove(1)).map(cap ->
                DynamicTest.dynamicTest("two sign-ins interleaved at every step under " + cap.atCap() + " above 1", () -> capPair(cap)));
    }

    private void capPair(PrincipalCap cap) throws Exception {
        SessionManager capped = managers.apply(SessionPolicy.custom().principalCap(cap).build());
        String dryPrincipal = "capped-" + scenarios.incrementAndGet();
        Session dry = saved(capped);
        runPaused(() -> signIn(capped, dry, dryPrincipal), -1, () -> {});
        int steps = store.calls();
        for (int k = 0; k < steps; k++) {
            String principal = "capped-" + scenarios.incrementAndGet();
            Session first = saved(capped);
            Session second = saved(capped);
            String where = runPaused(() -> signIn(capped, first, principal), k, () -> signIn(capped, second, principal));
            String what = "under " + cap + ", a sign-in paused before its call " + k + " (" + where + ") while another ran";
            int signedIn = 0;
            for (Session session : List.of(first, second)) {
                Optional<Session> found = capped.find(session.token().revealValue());
                if (found.isPresent() && found.get().principal().isPresent()) {
                    signedIn++;
                }
            }
            assertThat(signedIn).as(what + ": L6, more signed-in sessions than the cap").isLessThanOrEqualTo(1);
            assertThat(signedIn).as(what + ": neither sign-in holds").isEqualTo(1);
            assertThat(capped.sessionsOf(principal)).as(what + ": the index lists the one signed-in session").hasSize(1);
        }
    }

    private void capInSequence() {
        SessionManager capped = managers.apply(SessionPolicy.custom().principalCap(PrincipalCap.evictOldestAbove(2)).build());
        String principal = "capped-" + scenarios.incrementAndGet();
        for (int i = 0; i < 4; i++) {
            signIn(capped, saved(capped), principal);
        }
        assertThat(capped.sessionsOf(principal)).as("L6 without scripting, sign-ins in sequence").hasSize(2);
    }

    private static Session saved(SessionManager manager) {
        Session session = manager.create();
        session.setAttribute("n", 1);
        manager.save(session);
        return manager.find(session.token().revealValue()).orElseThrow();
    }

    private static void signIn(SessionManager manager, Session session, String principal) {
        try {
            manager.authenticate(session, principal);
        } catch (SessionLimitExceededException | InvalidSessionStateException refused) {
            // the cap said no, or a newer sign-in took this one's place: what L6 allows
        }
    }
}

package io.sealedsession.tests.redis.topology;

import io.sealedsession.core.SaveResult;
import io.sealedsession.core.Session;
import io.sealedsession.core.SessionKey;
import io.sealedsession.core.SessionManager;
import io.sealedsession.core.SessionStoreUnavailableException;
import io.sealedsession.redis.RedisCommandRejectedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntPredicate;

/**
 * Requests against a store while a test breaks the deployment under it: a fixed set of sessions,
 * each owned by one worker thread, read, changed ({@code n = n + 1}) and saved in a loop. What the
 * application was told is kept per session: the last value whose save returned {@code SAVED}.
 * Afterwards {@link #verify()} reads every session back and compares.
 *
 * <p>Bounded: the workers stop when told to, and {@link #stop()} waits for them; each pauses 2 ms
 * between requests so that the machine's two cores stay available to the Redis processes whose
 * failure detection the test relies on.
 */
final class SessionWorkload {

    private final String label;
    private final SessionManager manager;
    private final List<String> tokens = new ArrayList<>();
    private final List<SessionKey> keys = new ArrayList<>();
    private final AtomicLongArray confirmed;
    private final int threads;
    private final AtomicBoolean running = new AtomicBoolean();
    private final List<Thread> workers = new ArrayList<>();
    private final AtomicLong successes = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong missingDuringRun = new AtomicLong();
    private final Map<String, AtomicLong> failuresByType = new ConcurrentHashMap<>();
    private final List<Throwable> unexpected = new CopyOnWriteArrayList<>();
    private final AtomicLong firstFailureNanos = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastFailureNanos = new AtomicLong(Long.MIN_VALUE);
    private volatile long markNanos = Long.MAX_VALUE;
    private volatile IntPredicate marked = i -> false;
    private final AtomicLong firstMarkedFailureNanos = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong firstMarkedSuccessNanos = new AtomicLong(Long.MAX_VALUE);

    SessionWorkload(String label, SessionManager manager, int sessions, int threads) {
        this.label = label;
        this.manager = manager;
        this.confirmed = new AtomicLongArray(sessions);
        this.threads = threads;
        for (int i = 0; i < sessions; i++) {
            Session session = manager.create();
            session.setAttribute("n", 0L);
            if (manager.save(session) != SaveResult.SAVED) {
                throw new AssertionError("a new session was not saved");
            }
            tokens.add(session.token().revealValue());
            keys.add(session.key());
        }
    }

    int size() {
        return tokens.size();
    }

    SessionKey key(int index) {
        return keys.get(index);
    }

    /**
     * From now on, watch the sessions that {@code sessions} selects: the first request on them that
     * fails, and the first one that succeeds after it. The difference is the outage the
     * application saw on that part of the deployment.
     */
    void mark(IntPredicate sessions) {
        this.marked = sessions;
        this.markNanos = System.nanoTime();
    }

    /**
     * Milliseconds from {@link #mark} to the first success on a marked session of a request that
     * started after the first failure on one; 0 when no request on them failed, -1 when none
     * succeeded after failing.
     */
    long recoveryMillis() {
        if (firstMarkedFailureNanos.get() == Long.MAX_VALUE) {
            return 0;
        }
        long first = firstMarkedSuccessNanos.get();
        return first == Long.MAX_VALUE ? -1 : (first - markNanos) / 1_000_000;
    }

    /** Milliseconds between the first and the last failed request, or 0 when none failed. */
    long failureWindowMillis() {
        return failures.get() == 0 ? 0 : (lastFailureNanos.get() - firstFailureNanos.get()) / 1_000_000;
    }

    void start() {
        running.set(true);
        for (int t = 0; t < threads; t++) {
            int offset = t;
            Thread worker = new Thread(() -> run(offset), label + "-worker-" + t);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
    }

    void stop() throws InterruptedException {
        running.set(false);
        for (Thread worker : workers) {
            worker.join(30_000);
            if (worker.isAlive()) {
                throw new AssertionError(worker.getName() + " did not stop within 30 s");
            }
        }
    }

    private void run(int offset) {
        while (running.get()) {
            for (int i = offset; i < tokens.size() && running.get(); i += threads) {
                request(i);
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void request(int i) {
        long started = System.nanoTime();
        try {
            Optional<Session> found = manager.find(tokens.get(i));
            if (found.isEmpty()) {
                missingDuringRun.incrementAndGet();
                return;
            }
            Session session = found.get();
            long next = ((Number) session.getAttribute("n")).longValue() + 1;
            session.setAttribute("n", next);
            SaveResult result = manager.save(session);
            if (result != SaveResult.SAVED) {
                missingDuringRun.incrementAndGet();
                return;
            }
            confirmed.accumulateAndGet(i, next, Math::max);
            successes.incrementAndGet();
            if (started > firstMarkedFailureNanos.get() && marked.test(i)) {
                firstMarkedSuccessNanos.accumulateAndGet(System.nanoTime(), Math::min);
            }
        } catch (RuntimeException e) {
            long now = System.nanoTime();
            failures.incrementAndGet();
            firstFailureNanos.accumulateAndGet(now, Math::min);
            lastFailureNanos.accumulateAndGet(now, Math::max);
            if (now >= markNanos && marked.test(i)) {
                firstMarkedFailureNanos.accumulateAndGet(started, Math::min);
            }
            failuresByType.computeIfAbsent(e.getClass().getSimpleName(), k -> new AtomicLong()).incrementAndGet();
            // A transient state of the deployment is SessionStoreUnavailableException itself, or its
            // durability subclass; a rejected command would mean something needs an operator.
            if (!(e instanceof SessionStoreUnavailableException) || e instanceof RedisCommandRejectedException) {
                unexpected.add(e);
            }
        }
    }

    /** Exceptions other than the transient kind, as "type: message"; empty when all was as expected. */
    List<String> unexpected() {
        return unexpected.stream().map(e -> e.getClass().getSimpleName() + ": " + e.getMessage()).toList();
    }

    long successes() {
        return successes.get();
    }

    long failures() {
        return failures.get();
    }

    long missingDuringRun() {
        return missingDuringRun.get();
    }

    Map<String, Long> failuresByType() {
        Map<String, Long> counts = new TreeMap<>();
        failuresByType.forEach((type, count) -> counts.put(type, count.get()));
        return counts;
    }

    /**
     * Reads every session back through the same manager (which also proves the store works again
     * without a restart), saves each once more, and sorts out what a failure cost.
     */
    Verdict verify(IntPredicate affected) {
        List<Integer> lost = new ArrayList<>();
        List<Integer> stale = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            Optional<Session> found = manager.find(tokens.get(i));
            if (found.isEmpty()) {
                lost.add(i);
                continue;
            }
            long n = ((Number) found.get().getAttribute("n")).longValue();
            if (n < confirmed.get(i)) {
                stale.add(i);
            }
            found.get().setAttribute("verified", true);
            if (manager.save(found.get()) != SaveResult.SAVED) {
                throw new AssertionError("session " + i + " of " + label + " could not be saved after recovery");
            }
        }
        long affectedCount = java.util.stream.IntStream.range(0, tokens.size()).filter(affected).count();
        return new Verdict(lost, stale, affectedCount);
    }

    /**
     * @param lost sessions that no longer exist
     * @param stale sessions whose value is older than a save the application was told succeeded
     * @param affected how many sessions lived on the failed part of the deployment
     */
    record Verdict(List<Integer> lost, List<Integer> stale, long affected) {

        boolean intact() {
            return lost.isEmpty() && stale.isEmpty();
        }

        /** The sessions that lost something, and whether they all lived on the failed part. */
        List<Integer> damaged() {
            List<Integer> all = new ArrayList<>(lost);
            all.addAll(stale);
            return all;
        }
    }

    @Override
    public String toString() {
        return label + ": " + successes + " requests saved, " + failures + " failed " + failuresByType()
                + ", " + missingDuringRun + " found no session";
    }
}

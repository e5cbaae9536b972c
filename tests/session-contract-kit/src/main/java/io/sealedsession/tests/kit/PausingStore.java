package io.sealedsession.tests.kit;

import io.sealedsession.core.port.SessionStore;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A store that stops one chosen thread before its n-th call, holds it there while the test runs
 * something else, and lets it go on when told: the kit's way of forcing an interleaving of two
 * requests at every step, without hoping for a race.
 *
 * <p>Calls of other threads pass straight through. One pause is armed at a time.
 */
public final class PausingStore extends ForwardingSessionStore {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private volatile @Nullable Thread target;
    private volatile int pauseBefore = -1;
    private final AtomicInteger calls = new AtomicInteger();
    private volatile CountDownLatch reached = new CountDownLatch(1);
    private volatile CountDownLatch resume = new CountDownLatch(1);
    private volatile @Nullable String pausedAt;

    public PausingStore(SessionStore delegate) {
        super(delegate);
    }

    /**
     * Makes {@code thread} stop before its call number {@code index} (0 for its first call) from
     * now on. {@code index} -1 counts calls without stopping.
     */
    public void arm(Thread thread, int index) {
        calls.set(0);
        pausedAt = null;
        reached = new CountDownLatch(1);
        resume = new CountDownLatch(1);
        pauseBefore = index;
        target = thread;
    }

    /** How many calls the armed thread made since {@link #arm}. */
    public int calls() {
        return calls.get();
    }

    /** The port method the armed thread is stopped before, or null when it is not stopped. */
    public @Nullable String pausedAt() {
        return pausedAt;
    }

    /**
     * Waits until the armed thread is stopped, or until {@code finished} counts down (it made
     * fewer calls than the index).
     *
     * @return true when it is stopped
     */
    public boolean awaitPause(CountDownLatch finished) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            if (reached.await(1, TimeUnit.MILLISECONDS)) {
                return true;
            }
            if (finished.getCount() == 0) {
                return reached.getCount() == 0;
            }
        }
        throw new AssertionError("the paused request neither stopped nor finished within " + PATIENCE);
    }

    /** Lets the stopped thread go on, and stops stopping it. */
    public void release() {
        target = null;
        resume.countDown();
    }

    @Override
    protected void beforeCall(String operation, boolean writesRecord) {
        if (Thread.currentThread() != target) {
            return;
        }
        int index = calls.getAndIncrement();
        if (index != pauseBefore) {
            return;
        }
        pausedAt = operation;
        reached.countDown();
        try {
            if (!resume.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("a paused request was never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while paused", e);
        } finally {
            pausedAt = null;
        }
    }
}

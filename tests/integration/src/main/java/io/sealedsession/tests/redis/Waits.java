package io.sealedsession.tests.redis;

import java.time.Duration;
import java.util.function.Supplier;

/** Polling until a deployment reaches a state, for the fixtures; fails with what was last seen. */
final class Waits {

    private Waits() {}

    /**
     * Polls {@code condition} every 50 ms until it holds or {@code timeout} passes. The condition
     * may throw while servers come and go; that counts as not yet.
     *
     * @param what the state waited for, for the failure message
     * @param lastSeen what to report when it never holds
     * @throws IllegalStateException when the state is not reached in time
     */
    static void until(String what, Duration timeout, Supplier<Boolean> condition, Supplier<String> lastSeen) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException lastError = null;
        while (true) {
            try {
                if (condition.get()) {
                    return;
                }
                lastError = null;
            } catch (RuntimeException notYet) {
                lastError = notYet;
            }
            if (System.nanoTime() > deadline) {
                String seen;
                try {
                    seen = lastSeen.get();
                } catch (RuntimeException e) {
                    seen = "(unavailable: " + e + ")";
                }
                IllegalStateException failure = new IllegalStateException("not " + what + " within " + timeout + "; last seen:\n" + seen);
                if (lastError != null) {
                    failure.initCause(lastError);
                }
                throw failure;
            }
            sleep(50);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Redis", e);
        }
    }
}

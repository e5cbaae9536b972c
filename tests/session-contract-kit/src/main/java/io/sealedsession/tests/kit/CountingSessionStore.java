package io.sealedsession.tests.kit;

import io.sealedsession.core.port.SessionStore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A store that passes every call to a real one and counts them, to show which requests reach the
 * store at all (a malformed token must not).
 */
public final class CountingSessionStore extends ForwardingSessionStore {

    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger writes = new AtomicInteger();

    public CountingSessionStore(SessionStore delegate) {
        super(delegate);
    }

    /** Calls of any kind so far. */
    public int calls() {
        return calls.get();
    }

    /** Calls that write a record (create, replace) so far. */
    public int writes() {
        return writes.get();
    }

    @Override
    protected void beforeCall(boolean writesRecord) {
        calls.incrementAndGet();
        if (writesRecord) {
            writes.incrementAndGet();
        }
    }
}

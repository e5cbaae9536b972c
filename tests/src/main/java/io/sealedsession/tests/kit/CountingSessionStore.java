package io.sealedsession.tests.kit;

import io.sealedsession.core.SessionKey;
import io.sealedsession.core.port.IndexEntry;
import io.sealedsession.core.port.PrincipalKey;
import io.sealedsession.core.port.ReplaceResult;
import io.sealedsession.core.port.SessionStore;
import io.sealedsession.core.port.StoredRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A store that passes every call to a real one and counts them, to show which requests reach the
 * store at all (a malformed token must not).
 */
public final class CountingSessionStore implements SessionStore {

    private final SessionStore delegate;
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger writes = new AtomicInteger();

    public CountingSessionStore(SessionStore delegate) {
        this.delegate = delegate;
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
    public Optional<StoredRecord> load(SessionKey key, @Nullable Duration touchTtl) {
        calls.incrementAndGet();
        return delegate.load(key, touchTtl);
    }

    @Override
    public boolean expire(SessionKey key, Duration ttl) {
        calls.incrementAndGet();
        return delegate.expire(key, ttl);
    }

    @Override
    public boolean create(SessionKey key, byte[] sealedRecord, Duration ttl) {
        calls.incrementAndGet();
        writes.incrementAndGet();
        return delegate.create(key, sealedRecord, ttl);
    }

    @Override
    public ReplaceResult replace(SessionKey key, long expectedVersion, byte[] sealedRecord, Duration ttl) {
        calls.incrementAndGet();
        writes.incrementAndGet();
        return delegate.replace(key, expectedVersion, sealedRecord, ttl);
    }

    @Override
    public boolean delete(SessionKey key) {
        calls.incrementAndGet();
        return delegate.delete(key);
    }

    @Override
    public void index(PrincipalKey principal, SessionKey key, Instant deadline, Instant now) {
        calls.incrementAndGet();
        delegate.index(principal, key, deadline, now);
    }

    @Override
    public void unindex(PrincipalKey principal, Collection<SessionKey> keys, Instant now) {
        calls.incrementAndGet();
        delegate.unindex(principal, keys, now);
    }

    @Override
    public List<IndexEntry> indexed(PrincipalKey principal, Instant now) {
        calls.incrementAndGet();
        return delegate.indexed(principal, now);
    }
}

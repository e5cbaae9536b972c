package io.sealedsession.servlet;

import io.sealedsession.core.PrincipalCap;
import io.sealedsession.core.SessionKey;
import io.sealedsession.core.port.Admission;
import io.sealedsession.core.SessionStoreUnavailableException;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Wraps the store under test so the tests can see and disturb it from outside: it counts record
 * writes ({@code create} and {@code replace}), and it can be switched off, after which every call
 * fails as an unreachable store does; or it can make every replace lose to a concurrent writer.
 */
final class ObservedStore implements SessionStore {

    private final SessionStore delegate;
    private final AtomicLong recordWrites = new AtomicLong();
    private final AtomicBoolean available = new AtomicBoolean(true);
    private final AtomicBoolean conflicting = new AtomicBoolean();

    ObservedStore(SessionStore delegate) {
        this.delegate = delegate;
    }

    /** How many times a record was created or replaced so far. */
    long recordWrites() {
        return recordWrites.get();
    }

    void setAvailable(boolean value) {
        available.set(value);
    }

    /** While on, every replace loses to a concurrent writer, as if another request always saved first. */
    void setConflicting(boolean value) {
        conflicting.set(value);
    }

    private void requireAvailable() {
        if (!available.get()) {
            throw new SessionStoreUnavailableException("test store switched off (connection refused)");
        }
    }

    @Override
    public Optional<StoredRecord> load(SessionKey key, @Nullable Duration touchTtl) {
        requireAvailable();
        return delegate.load(key, touchTtl);
    }

    @Override
    public boolean expire(SessionKey key, Duration ttl) {
        requireAvailable();
        return delegate.expire(key, ttl);
    }

    @Override
    public boolean create(SessionKey key, byte[] sealedRecord, Duration ttl) {
        requireAvailable();
        recordWrites.incrementAndGet();
        return delegate.create(key, sealedRecord, ttl);
    }

    @Override
    public ReplaceResult replace(SessionKey key, long expectedVersion, byte[] sealedRecord, Duration ttl) {
        requireAvailable();
        recordWrites.incrementAndGet();
        if (conflicting.get()) {
            Optional<StoredRecord> current = delegate.load(key, null);
            if (current.isPresent()) {
                return ReplaceResult.conflict(current.get());
            }
        }
        return delegate.replace(key, expectedVersion, sealedRecord, ttl);
    }

    @Override
    public boolean delete(SessionKey key) {
        requireAvailable();
        return delegate.delete(key);
    }

    @Override
    public Optional<StoredRecord> remove(SessionKey key) {
        requireAvailable();
        return delegate.remove(key);
    }

    @Override
    public Admission admit(PrincipalKey principal, SessionKey key, @Nullable SessionKey replacing, Instant deadline,
            Instant now, int maxSessions, PrincipalCap.AtCap atCap) {
        requireAvailable();
        return delegate.admit(principal, key, replacing, deadline, now, maxSessions, atCap);
    }

    @Override
    public void index(PrincipalKey principal, SessionKey key, Instant deadline, Instant now) {
        requireAvailable();
        delegate.index(principal, key, deadline, now);
    }

    @Override
    public void unindex(PrincipalKey principal, Collection<SessionKey> keys, Instant now) {
        requireAvailable();
        delegate.unindex(principal, keys, now);
    }

    @Override
    public List<IndexEntry> indexed(PrincipalKey principal, Instant now) {
        requireAvailable();
        return delegate.indexed(principal, now);
    }

    @Override
    public boolean supportsLocks() {
        return delegate.supportsLocks();
    }

    @Override
    public boolean lock(SessionKey key, byte[] fence, Duration lease) {
        requireAvailable();
        return delegate.lock(key, fence, lease);
    }

    @Override
    public void unlock(SessionKey key, byte[] fence) {
        requireAvailable();
        delegate.unlock(key, fence);
    }

    @Override
    public ReplaceResult replace(SessionKey key, long expectedVersion, byte[] sealedRecord, Duration ttl, byte[] fence) {
        requireAvailable();
        return delegate.replace(key, expectedVersion, sealedRecord, ttl, fence);
    }
}

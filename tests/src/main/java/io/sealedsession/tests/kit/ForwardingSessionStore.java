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
import org.jspecify.annotations.Nullable;

/**
 * A store that passes every call to a real one after telling {@link #beforeCall(boolean)}, for
 * tests that observe or interrupt the calls a manager makes without replacing the store.
 */
public abstract class ForwardingSessionStore implements SessionStore {

    private final SessionStore delegate;

    protected ForwardingSessionStore(SessionStore delegate) {
        this.delegate = delegate;
    }

    /**
     * Runs before every call; may throw to make the call fail as a store would.
     *
     * @param writesRecord true for the calls that write a record ({@code create}, {@code replace})
     */
    protected abstract void beforeCall(boolean writesRecord);

    @Override
    public Optional<StoredRecord> load(SessionKey key, @Nullable Duration touchTtl) {
        beforeCall(false);
        return delegate.load(key, touchTtl);
    }

    @Override
    public boolean expire(SessionKey key, Duration ttl) {
        beforeCall(false);
        return delegate.expire(key, ttl);
    }

    @Override
    public boolean create(SessionKey key, byte[] sealedRecord, Duration ttl) {
        beforeCall(true);
        return delegate.create(key, sealedRecord, ttl);
    }

    @Override
    public ReplaceResult replace(SessionKey key, long expectedVersion, byte[] sealedRecord, Duration ttl) {
        beforeCall(true);
        return delegate.replace(key, expectedVersion, sealedRecord, ttl);
    }

    @Override
    public boolean delete(SessionKey key) {
        beforeCall(false);
        return delegate.delete(key);
    }

    @Override
    public void index(PrincipalKey principal, SessionKey key, Instant deadline, Instant now) {
        beforeCall(false);
        delegate.index(principal, key, deadline, now);
    }

    @Override
    public void unindex(PrincipalKey principal, Collection<SessionKey> keys, Instant now) {
        beforeCall(false);
        delegate.unindex(principal, keys, now);
    }

    @Override
    public List<IndexEntry> indexed(PrincipalKey principal, Instant now) {
        beforeCall(false);
        return delegate.indexed(principal, now);
    }
}

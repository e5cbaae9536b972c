package io.sealedsession.tests;

import io.sealedsession.core.SessionKey;
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
import org.jspecify.annotations.Nullable;

/** A real store that can be made unreachable, as a store behaves when its server is down. */
final class SwitchableStore implements SessionStore {

    private final SessionStore delegate;
    private volatile boolean reachable = true;

    SwitchableStore(SessionStore delegate) {
        this.delegate = delegate;
    }

    void reachable(boolean value) {
        reachable = value;
    }

    private void check() {
        if (!reachable) {
            throw new SessionStoreUnavailableException("test store switched off");
        }
    }

    @Override
    public Optional<StoredRecord> load(SessionKey key, @Nullable Duration touchTtl) {
        check();
        return delegate.load(key, touchTtl);
    }

    @Override
    public boolean expire(SessionKey key, Duration ttl) {
        check();
        return delegate.expire(key, ttl);
    }

    @Override
    public boolean create(SessionKey key, byte[] sealedRecord, Duration ttl) {
        check();
        return delegate.create(key, sealedRecord, ttl);
    }

    @Override
    public ReplaceResult replace(SessionKey key, long expectedVersion, byte[] sealedRecord, Duration ttl) {
        check();
        return delegate.replace(key, expectedVersion, sealedRecord, ttl);
    }

    @Override
    public boolean delete(SessionKey key) {
        check();
        return delegate.delete(key);
    }

    @Override
    public void index(PrincipalKey principal, SessionKey key, Instant deadline, Instant now) {
        check();
        delegate.index(principal, key, deadline, now);
    }

    @Override
    public void unindex(PrincipalKey principal, Collection<SessionKey> keys, Instant now) {
        check();
        delegate.unindex(principal, keys, now);
    }

    @Override
    public List<IndexEntry> indexed(PrincipalKey principal, Instant now) {
        check();
        return delegate.indexed(principal, now);
    }
}

package io.sealedsession.tests.kit;

import io.sealedsession.core.PrincipalCap;
import io.sealedsession.core.SessionKey;
import io.sealedsession.core.port.Admission;
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
     * Runs before every call; may throw to make the call fail as a store would. Does nothing
     * unless overridden.
     *
     * @param writesRecord true for the calls that write a record ({@code create}, {@code replace})
     */
    protected void beforeCall(boolean writesRecord) {}

    /**
     * Runs before every call with the name of the port method ({@code "load"}, {@code "replace"},
     * {@code "admit"}...); calls {@link #beforeCall(boolean)} unless overridden.
     */
    protected void beforeCall(String operation, boolean writesRecord) {
        beforeCall(writesRecord);
    }

    @Override
    public Optional<StoredRecord> load(SessionKey key, @Nullable Duration touchTtl) {
        beforeCall("load", false);
        return delegate.load(key, touchTtl);
    }

    @Override
    public boolean expire(SessionKey key, Duration ttl) {
        beforeCall("expire", false);
        return delegate.expire(key, ttl);
    }

    @Override
    public boolean create(SessionKey key, byte[] sealedRecord, Duration ttl) {
        beforeCall("create", true);
        return delegate.create(key, sealedRecord, ttl);
    }

    @Override
    public ReplaceResult replace(SessionKey key, long expectedVersion, byte[] sealedRecord, Duration ttl) {
        beforeCall("replace", true);
        return delegate.replace(key, expectedVersion, sealedRecord, ttl);
    }

    @Override
    public boolean delete(SessionKey key) {
        beforeCall("delete", false);
        return delegate.delete(key);
    }

    @Override
    public Optional<StoredRecord> remove(SessionKey key) {
        beforeCall("remove", false);
        return delegate.remove(key);
    }

    @Override
    public Admission admit(PrincipalKey principal, SessionKey key, @Nullable SessionKey replacing, Instant deadline,
            Instant now, int maxSessions, PrincipalCap.AtCap atCap) {
        beforeCall("admit", false);
        return delegate.admit(principal, key, replacing, deadline, now, maxSessions, atCap);
    }

    @Override
    public void index(PrincipalKey principal, SessionKey key, Instant deadline, Instant now) {
        beforeCall("index", false);
        delegate.index(principal, key, deadline, now);
    }

    @Override
    public void unindex(PrincipalKey principal, Collection<SessionKey> keys, Instant now) {
        beforeCall("unindex", false);
        delegate.unindex(principal, keys, now);
    }

    @Override
    public List<IndexEntry> indexed(PrincipalKey principal, Instant now) {
        beforeCall("indexed", false);
        return delegate.indexed(principal, now);
    }

    @Override
    public boolean supportsLocks() {
        return delegate.supportsLocks();
    }

    @Override
    public boolean lock(SessionKey key, byte[] fence, Duration lease) {
        beforeCall("lock", false);
        return delegate.lock(key, fence, lease);
    }

    @Override
    public void unlock(SessionKey key, byte[] fence) {
        beforeCall("unlock", false);
        delegate.unlock(key, fence);
    }

    @Override
    public ReplaceResult replace(SessionKey key, long expectedVersion, byte[] sealedRecord, Duration ttl, byte[] fence) {
        beforeCall("replace", false);
        return delegate.replace(key, expectedVersion, sealedRecord, ttl, fence);
    }
}

package io.sealedsession.core;

import io.sealedsession.core.internal.BinaryWriter;
import io.sealedsession.core.internal.Handles;
import io.sealedsession.core.internal.SessionRecord;
import io.sealedsession.core.port.AttributeCodec;
import io.sealedsession.core.port.IndexEntry;
import io.sealedsession.core.port.SessionStore;
import io.sealedsession.core.port.StoredRecord;
import io.sealedsession.core.port.TokenGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The one implementation of {@link SessionManager}; see there for what it guarantees. It reads
 * tokens and drives the three parts that do the work: {@link RecordLifecycle} (a session's
 * records), {@link PrincipalIndex} (a principal's sessions) and {@link CapEnforcer} (the cap).
 */
final class DefaultSessionManager implements SessionManager {

    private static final int MAX_PRINCIPAL_LENGTH = 1024;

    private final SessionStore store;
    private final SessionPolicy policy;
    private final Clock clock;
    private final TokenGenerator tokens;
    private final AttributeCodec codec;
    private final Audit audit;
    private final RecordLifecycle lifecycle;
    private final PrincipalIndex index;
    private final CapEnforcer cap;

    DefaultSessionManager(SessionManager.Builder builder) {
        this.policy = builder.policy;
        // A record this policy can produce never seals to more; a larger value is refused before it is transferred.
        this.store = builder.store.withValueLimit(policy.maxRecordBytes() + RecordLifecycle.SEALING_OVERHEAD_ALLOWANCE);
        this.clock = builder.clock;
        this.tokens = builder.tokens;
        this.codec = builder.codec;
        this.audit = new Audit(builder.listener);
        this.lifecycle = new RecordLifecycle(store, builder.sealer, builder.namespace, policy, tokens, audit, builder.maxSaveAttempts);
        this.index = new PrincipalIndex(store, builder.sealer, lifecycle, codec, audit);
        this.cap = new CapEnforcer(store, index, policy.principalCap(), audit);
    }

    @Override
    public SessionPolicy policy() {
        return policy;
    }

    @Override
    public Session create() {
        return new Session(tokens.next(), clock.instant(), policy, codec);
    }

    @Override
    public Optional<Session> find(@Nullable String rawToken) {
        if (rawToken == null || rawToken.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Optional<SessionToken> parsed = SessionToken.parse(rawToken);
        if (parsed.isEmpty()) {
            audit.emit(SessionEvent.Type.MALFORMED_TOKEN, now, null, null,
                    "refused a malformed token of " + rawToken.length() + " characters before asking the store");
            return Optional.empty();
        }
        SessionToken token = parsed.get();
        SessionKey key = token.key();
        String fingerprint = token.fingerprint();
        Optional<StoredRecord> stored = audit.load(now, fingerprint, () -> store.load(key, policy.idleTimeout()));
        if (stored.isEmpty()) {
            audit.emit(SessionEvent.Type.UNKNOWN_TOKEN, now, fingerprint, null, "no session under this token; a new one will be issued");
            return Optional.empty();
        }
        Optional<RecordLifecycle.Opened> opened = lifecycle.open(key, stored.get(), now, fingerprint);
        if (opened.isEmpty()) {
            return Optional.empty();
        }
        if (!(opened.get() instanceof RecordLifecycle.Live live)) {
            // Invariant 6: a rotated token opens nothing, not even the session it moved to.
            audit.emit(SessionEvent.Type.UNKNOWN_TOKEN, now, fingerprint, null,
                    "this token was replaced by a rotation and opens nothing; a new session will be issued");
            return Optional.empty();
        }
        SessionRecord r = live.record();
        if (!now.isBefore(r.absoluteDeadline())) {
            index.endOne(key, r.principal(), now);
            audit.emit(SessionEvent.Type.EXPIRED_ON_LOAD, now, fingerprint, r.principal(), "past its absolute deadline " + r.absoluteDeadline());
            return Optional.empty();
        }
        // The store's expiry enforces the idle timeout; this is the backstop for a record whose
        // expiry was removed behind our back. The touch interval is slack for lazy touching.
        if (now.isAfter(r.lastAccessedAt().plus(r.idleTimeout()).plus(policy.lazyTouchInterval()))) {
            index.endOne(key, r.principal(), now);
            audit.emit(SessionEvent.Type.EXPIRED_ON_LOAD, now, fingerprint, r.principal(), "idle for longer than " + r.idleTimeout());
            return Optional.empty();
        }
        Session session = new Session(token, live.version(), r, policy, codec);
        Duration ttl = session.ttlAt(now);
        if (!ttl.equals(policy.idleTimeout())) {
            // load() touched with the policy's idle timeout; this session needs another expiry.
            audit.call(now, fingerprint, () -> store.expire(key, ttl));
        }
        if (Duration.between(r.lastAccessedAt(), now).compareTo(policy.lazyTouchInterval()) >= 0) {
            session.markTouchDue(now);
        }
        Duration renewal = policy.renewalInterval();
        if (renewal != null && Duration.between(r.tokenIssuedAt(), now).compareTo(renewal) >= 0) {
            session.markRenewalDue();
        }
        return Optional.of(session);
    }

    @Override
    public Optional<Session> findLocked(@Nullable String rawToken, Duration lease, Duration maxWait) {
        if (!store.supportsLocks()) {
            throw new UnsupportedOperationException("this session store has no session lock (Redis without scripting has none)");
        }
        if (lease.isNegative() || lease.isZero() || maxWait.isNegative()) {
            throw new IllegalArgumentException("a lock lease must be positive and a wait not negative, but were " + lease + " and " + maxWait);
        }
        Optional<SessionToken> parsed = rawToken == null ? Optional.empty() : SessionToken.parse(rawToken);
        if (parsed.isEmpty()) {
            return find(rawToken); // audits the malformed token; nothing to lock
        }
        SessionKey key = parsed.get().key();
        byte[] fence = tokens.next().key().value().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Instant now = clock.instant();
        long deadline = System.nanoTime() + maxWait.toNanos();
        long pauseMillis = 2;
        while (!audit.call(now, parsed.get().fingerprint(), () -> store.lock(key, fence, lease))) {
            if (System.nanoTime() - deadline >= 0) {
                throw new SessionBusyException("session " + parsed.get().fingerprint() + "… is locked by another request;"
                        + " waited " + maxWait.toMillis() + " ms");
            }
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SessionBusyException("interrupted while waiting for the lock of session " + parsed.get().fingerprint() + "…");
            }
            pauseMillis = Math.min(50, pauseMillis * 2);
        }
        Optional<Session> found;
        try {
            found = find(rawToken);
        } catch (RuntimeException e) {
            audit.run(now, parsed.get().fingerprint(), () -> store.unlock(key, fence));
            throw e;
        }
        if (found.isEmpty()) {
            audit.run(now, parsed.get().fingerprint(), () -> store.unlock(key, fence));
            return found;
        }
        found.get().locked(new Session.Lock(key, fence));
        return found;
    }

    @Override
    public void unlock(Session session) {
        synchronized (session) {
            Session.Lock lock = session.lock();
            if (lock == null) {
                return;
            }
            session.locked(null);
            Instant now = clock.instant();
            audit.run(now, session.token().fingerprint(), () -> store.unlock(lock.key(), lock.fence()));
        }
    }

    @Override
    public SaveResult save(Session session) {
        synchronized (session) {
            if (session.isEnded()) {
                return SaveResult.GONE;
            }
            Instant now = clock.instant();
            if (session.isNew()) {
                lifecycle.create(session, now);
                audit.emit(SessionEvent.Type.CREATED, now, session.token().fingerprint(), session.principal().orElse(null), "new session");
                return SaveResult.SAVED;
            }
            if (session.isRenewalDue()) {
                return switch (rotateStored(session, now, true)) {
                    case ROTATED, FOLLOWED -> SaveResult.SAVED;
                    case GONE -> SaveResult.GONE;
                };
            }
            if (!session.hasChanges()) {
                return SaveResult.UNCHANGED;
            }
            return lifecycle.replace(session, now);
        }
    }

    @Override
    public void rotate(Session session) {
        synchronized (session) {
            requireNotEnded(session);
            Instant now = clock.instant();
            if (session.isNew()) {
                session.rotated(tokens.next(), now);
                lifecycle.create(session, now);
                emitRotated(session, now, "a session that was never saved");
                return;
            }
            if (rotateStored(session, now, false) == RecordLifecycle.Rotated.GONE) {
                throw endedMeanwhile(session);
            }
        }
    }

    /** Rotates a stored session, moving its index entry along when a principal is bound. */
    private RecordLifecycle.Rotated rotateStored(Session session, Instant now, boolean renewal) {
        String oldFingerprint = session.token().fingerprint();
        String principal = session.principal().orElse(null);
        RecordLifecycle.Indexing indexing = principal == null
                ? RecordLifecycle.Indexing.NONE
                : cap.forRenewal(session, principal, session.absoluteDeadline(), now);
        RecordLifecycle.Rotated rotated = lifecycle.rotate(session, now, renewal, indexing);
        if (session.isEnded()) {
            return RecordLifecycle.Rotated.GONE; // evicted under the cap while it rotated
        }
        if (rotated == RecordLifecycle.Rotated.ROTATED) {
            emitRotated(session, now, oldFingerprint);
        }
        return rotated;
    }

    @Override
    public void authenticate(Session session, String principal) {
        Objects.requireNonNull(principal, "principal");
        if (principal.isEmpty() || principal.length() > MAX_PRINCIPAL_LENGTH) {
            throw new IllegalArgumentException("a principal has 1 to " + MAX_PRINCIPAL_LENGTH + " characters, but had " + principal.length());
        }
        if (BinaryWriter.unpairedSurrogateIndex(principal) >= 0) {
            throw new IllegalArgumentException("a principal must be well-formed UTF-16, but this one has an unpaired surrogate"
                    + " at index " + BinaryWriter.unpairedSurrogateIndex(principal));
        }
        synchronized (session) {
            requireNotEnded(session);
            Instant now = clock.instant();
            String oldFingerprint = session.token().fingerprint();
            String previous = session.principal().orElse(null);
            RecordLifecycle.Indexing indexing = cap.forSignIn(session, principal, previous, now);
            session.bind(principal);
            try {
                if (session.isNew()) {
                    lifecycle.createSignedIn(session, now, indexing);
                } else if (lifecycle.rotate(session, now, false, indexing) == RecordLifecycle.Rotated.GONE) {
                    throw endedMeanwhile(session);
                }
            } catch (RuntimeException e) {
                if (!session.isEnded()) {
                    session.bind(previous);
                }
                throw e;
            }
            emitRotated(session, now, oldFingerprint);
            audit.emit(SessionEvent.Type.AUTHENTICATED, now, session.token().fingerprint(), principal, "principal bound, token rotated");
        }
    }

    @Override
    public void invalidate(Session session) {
        synchronized (session) {
            if (session.isEnded()) {
                return;
            }
            Instant now = clock.instant();
            String principal = session.principal().orElse(null);
            if (!session.isNew()) {
                index.endOne(session.storeKey(), principal, now);
            }
            session.ended();
            audit.emit(SessionEvent.Type.INVALIDATED, now, session.token().fingerprint(), principal, "invalidated");
        }
    }

    @Override
    public List<SessionInfo> sessionsOf(String principal) {
        return index.sessionsOf(principal, clock.instant());
    }

    @Override
    public boolean invalidate(String principal, String handle) {
        Instant now = clock.instant();
        List<IndexEntry> matching = index.entries(principal, now).stream()
                .filter(entry -> Handles.of(entry.key()).equals(handle))
                .toList();
        return !matching.isEmpty() && index.end(principal, matching, now, "ended by its owner from another session") > 0;
    }

    @Override
    public int invalidateAllOf(String principal) {
        Instant now = clock.instant();
        return index.end(principal, index.entries(principal, now), now, "ended with every session of the principal");
    }

    @Override
    public int invalidateOthers(Session session) {
        String principal = session.principal().orElseThrow(() ->
                new InvalidSessionStateException("session " + session.token().fingerprint() + "… has no principal, so it has no other sessions"));
        Instant now = clock.instant();
        // Another request of this browser may have renewed the token meanwhile: the session's own
        // key is then the one its tombstone leads to, and it is not one of the "others".
        List<SessionKey> own = lifecycle.chainOf(session.storeKey(), now);
        List<IndexEntry> others = new ArrayList<>(index.entries(principal, now));
        others.removeIf(entry -> own.contains(entry.key()));
        return index.end(principal, others, now, "ended from another session of the principal");
    }

    private void emitRotated(Session session, Instant now, String oldFingerprint) {
        audit.emit(SessionEvent.Type.ROTATED, now, session.token().fingerprint(), session.principal().orElse(null),
                "new token issued; the token " + oldFingerprint + "… opens nothing any more");
    }

    private static InvalidSessionStateException endedMeanwhile(Session session) {
        return new InvalidSessionStateException("session " + session.token().fingerprint()
                + "… ended, or was signed in elsewhere, while this request ran; nothing was written");
    }

    private static void requireNotEnded(Session session) {
        if (session.isEnded()) {
            throw new InvalidSessionStateException("session " + session.token().fingerprint() + "… has ended");
        }
    }
}

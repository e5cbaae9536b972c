package io.sealedsession.core;

import io.sealedsession.core.internal.BinaryWriter;
import io.sealedsession.core.internal.Handles;
import io.sealedsession.core.internal.RecordCodec;
import io.sealedsession.core.internal.SessionRecord;
import io.sealedsession.core.port.AttributeCodec;
import io.sealedsession.core.port.IndexEntry;
import io.sealedsession.core.port.PrincipalKey;
import io.sealedsession.core.port.ReplaceResult;
import io.sealedsession.core.port.SessionEventListener;
import io.sealedsession.core.port.SessionSealer;
import io.sealedsession.core.port.SessionStore;
import io.sealedsession.core.port.StoredRecord;
import io.sealedsession.core.port.TokenGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one implementation of {@link SessionManager}; see there for what it guarantees. */
final class DefaultSessionManager implements SessionManager {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultSessionManager.class);

    /** Room for the sealer's own bytes (key id, nonce, tag) above the record size limit. */
    private static final int SEALING_OVERHEAD_ALLOWANCE = 1024;

    private static final int MAX_PRINCIPAL_LENGTH = 1024;

    private final SessionStore store;
    private final SessionSealer sealer;
    private final String namespace;
    private final SessionPolicy policy;
    private final Clock clock;
    private final TokenGenerator tokens;
    private final SessionEventListener listener;
    private final AttributeCodec codec;
    private final int maxSaveAttempts;

    DefaultSessionManager(SessionManager.Builder builder) {
        this.store = builder.store;
        this.sealer = builder.sealer;
        this.namespace = builder.namespace;
        this.policy = builder.policy;
        this.clock = builder.clock;
        this.tokens = builder.tokens;
        this.listener = builder.listener;
        this.codec = builder.codec;
        this.maxSaveAttempts = builder.maxSaveAttempts;
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
            emit(SessionEvent.Type.MALFORMED_TOKEN, now, null, null,
                    "refused a malformed token of " + rawToken.length() + " characters before asking the store");
            return Optional.empty();
        }
        SessionToken token = parsed.get();
        SessionKey key = token.key();
        Optional<StoredRecord> stored = call(now, token.fingerprint(), () -> store.load(key, policy.idleTimeout()));
        if (stored.isEmpty()) {
            emit(SessionEvent.Type.UNKNOWN_TOKEN, now, token.fingerprint(), null, "no session under this token; a new one will be issued");
            return Optional.empty();
        }
        Optional<SessionRecord> record = open(key, stored.get(), now, token.fingerprint());
        if (record.isEmpty()) {
            return Optional.empty();
        }
        SessionRecord r = record.get();
        if (!now.isBefore(r.absoluteDeadline())) {
            end(key, r.principal(), now);
            emit(SessionEvent.Type.EXPIRED_ON_LOAD, now, token.fingerprint(), r.principal(), "past its absolute deadline " + r.absoluteDeadline());
            return Optional.empty();
        }
        // The store's expiry enforces the idle timeout; this is the backstop for a record whose
        // expiry was removed behind our back. The touch interval is slack for lazy touching.
        if (now.isAfter(r.lastAccessedAt().plus(r.idleTimeout()).plus(policy.lazyTouchInterval()))) {
            end(key, r.principal(), now);
            emit(SessionEvent.Type.EXPIRED_ON_LOAD, now, token.fingerprint(), r.principal(), "idle for longer than " + r.idleTimeout());
            return Optional.empty();
        }
        Session session = new Session(token, stored.get().version(), r, policy, codec);
        Duration ttl = session.ttlAt(now);
        if (!ttl.equals(policy.idleTimeout())) {
            // load() touched with the policy's idle timeout; this session needs another expiry.
            call(now, token.fingerprint(), () -> store.expire(key, ttl));
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
    public SaveResult save(Session session) {
        synchronized (session) {
            if (session.isEnded()) {
                return SaveResult.GONE;
            }
            Instant now = clock.instant();
            if (session.isNew()) {
                createRecord(session, now);
                emit(SessionEvent.Type.CREATED, now, session.token().fingerprint(), session.principal().orElse(null), "new session");
                return SaveResult.SAVED;
            }
            if (session.isRenewalDue()) {
                rotate(session, session.principal().orElse(null));
                return SaveResult.SAVED;
            }
            if (!session.hasChanges()) {
                return SaveResult.UNCHANGED;
            }
            return replaceWithRetries(session, now);
        }
    }

    private SaveResult replaceWithRetries(Session session, Instant now) {
        SessionKey key = session.key();
        String fingerprint = session.token().fingerprint();
        for (int attempt = 1; ; attempt++) {
            Duration ttl = session.ttlAt(now);
            if (ttl.toMillis() <= 0) {
                end(key, session.principal().orElse(null), now);
                session.ended();
                emit(SessionEvent.Type.EXPIRED_ON_LOAD, now, fingerprint, session.principal().orElse(null), "reached its absolute deadline before it could be saved");
                return SaveResult.GONE;
            }
            byte[] sealed = seal(session, key);
            long expected = session.version();
            ReplaceResult result = call(now, fingerprint, () -> store.replace(key, expected, sealed, ttl));
            switch (result.outcome()) {
                case REPLACED -> {
                    session.stored(result.newVersion());
                    return SaveResult.SAVED;
                }
                case MISSING -> {
                    session.ended();
                    emit(SessionEvent.Type.WRITE_AFTER_DELETE_REFUSED, now, fingerprint, session.principal().orElse(null),
                            "the session was deleted while this request ran; its changes were dropped");
                    return SaveResult.GONE;
                }
                case CONFLICT -> {
                    if (attempt >= maxSaveAttempts) {
                        throw new SessionConflictException("session " + fingerprint + "… kept changing under "
                                + maxSaveAttempts + " save attempts; this request's changes were not saved");
                    }
                    StoredRecord current = result.current();
                    if (current == null) {
                        current = call(now, fingerprint, () -> store.load(key, null)).orElse(null);
                    }
                    Optional<SessionRecord> currentRecord = current == null ? Optional.empty() : open(key, current, now, fingerprint);
                    if (currentRecord.isEmpty()) {
                        session.ended();
                        emit(SessionEvent.Type.WRITE_AFTER_DELETE_REFUSED, now, fingerprint, session.principal().orElse(null),
                                "the session was deleted while this request ran; its changes were dropped");
                        return SaveResult.GONE;
                    }
                    session.rebase(current.version(), currentRecord.get());
                }
            }
        }
    }

    @Override
    public void rotate(Session session) {
        synchronized (session) {
            requireNotEnded(session);
            rotate(session, session.isNew() ? null : session.principal().orElse(null));
        }
    }

    /**
     * Writes the session under a new token, deletes the old record and moves the index entry.
     *
     * @param indexedUnder the principal whose index holds the old key, if any
     */
    private void rotate(Session session, @Nullable String indexedUnder) {
        Instant now = clock.instant();
        boolean wasStored = !session.isNew();
        SessionKey oldKey = session.key();
        String oldFingerprint = session.token().fingerprint();
        session.rotated(tokens.next(), now);
        createRecord(session, now);
        if (wasStored) {
            call(now, oldFingerprint, () -> store.delete(oldKey));
        }
        String principal = session.principal().orElse(null);
        if (principal != null) {
            PrincipalKey pk = sealer.principalKey(principal);
            SessionKey newKey = session.key();
            call(now, oldFingerprint, () -> {
                store.index(pk, newKey, session.absoluteDeadline(), now);
                if (wasStored && principal.equals(indexedUnder)) {
                    store.unindex(pk, List.of(oldKey), now);
                }
                return null;
            });
        }
        emit(SessionEvent.Type.ROTATED, now, session.token().fingerprint(), principal,
                "new token issued; the token " + oldFingerprint + "… opens nothing any more");
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
            PrincipalKey pk = sealer.principalKey(principal);
            String fingerprint = session.token().fingerprint();
            applyCap(pk, principal, session.key(), now, fingerprint);
            String previous = session.principal().orElse(null);
            if (previous != null && !previous.equals(principal) && !session.isNew()) {
                PrincipalKey previousKey = sealer.principalKey(previous);
                SessionKey key = session.key();
                call(now, fingerprint, () -> {
                    store.unindex(previousKey, List.of(key), now);
                    return null;
                });
            }
            session.bind(principal);
            rotate(session, session.isNew() ? null : previous);
            emit(SessionEvent.Type.AUTHENTICATED, now, session.token().fingerprint(), principal, "principal bound, token rotated");
        }
    }

    private void applyCap(PrincipalKey pk, String principal, SessionKey current, Instant now, String fingerprint) {
        PrincipalCap cap = policy.principalCap();
        if (cap.isUnlimited()) {
            return;
        }
        List<IndexEntry> live = liveEntries(pk, now, fingerprint);
        live.removeIf(entry -> entry.key().equals(current));
        int excess = live.size() - cap.maxSessions() + 1;
        if (excess <= 0) {
            return;
        }
        if (cap.atCap() == PrincipalCap.AtCap.REJECT) {
            emit(SessionEvent.Type.CAP_REACHED, now, fingerprint, principal,
                    "sign-in refused: the principal holds " + live.size() + " sessions, the most allowed");
            throw new SessionLimitExceededException("the principal already holds " + live.size()
                    + " sessions, the most the policy allows (" + cap.maxSessions() + ")");
        }
        List<IndexEntry> evicted = live.subList(0, excess);
        emit(SessionEvent.Type.CAP_REACHED, now, fingerprint, principal,
                "ending the " + excess + " oldest of " + live.size() + " sessions to stay within " + cap.maxSessions());
        deleteEntries(pk, evicted, now, fingerprint, principal, "ended to keep the principal within its session cap");
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
                end(session.key(), principal, now);
            }
            session.ended();
            emit(SessionEvent.Type.INVALIDATED, now, session.token().fingerprint(), principal, "invalidated");
        }
    }

    @Override
    public List<SessionInfo> sessionsOf(String principal) {
        Instant now = clock.instant();
        PrincipalKey pk = sealer.principalKey(principal);
        List<IndexEntry> entries = call(now, null, () -> store.indexed(pk, now));
        List<SessionInfo> result = new ArrayList<>();
        List<SessionKey> dead = new ArrayList<>();
        for (IndexEntry entry : entries) {
            SessionKey key = entry.key();
            Optional<StoredRecord> stored = call(now, key.fingerprint(), () -> store.load(key, null));
            Optional<SessionRecord> record = stored.flatMap(s -> open(key, s, now, key.fingerprint()));
            if (record.isEmpty() || !principal.equals(record.get().principal()) || !now.isBefore(record.get().absoluteDeadline())) {
                dead.add(key);
                continue;
            }
            SessionRecord r = record.get();
            Map<String, @Nullable Object> attributes = new LinkedHashMap<>();
            r.attributes().forEach((name, bytes) -> attributes.put(name, codec.decode(name, bytes)));
            result.add(new SessionInfo(Handles.of(key), r.createdAt(), r.lastAccessedAt(), r.absoluteDeadline(), attributes));
        }
        if (!dead.isEmpty()) {
            call(now, null, () -> {
                store.unindex(pk, dead, now);
                return null;
            });
        }
        return result;
    }

    @Override
    public boolean invalidate(String principal, String handle) {
        Instant now = clock.instant();
        PrincipalKey pk = sealer.principalKey(principal);
        List<IndexEntry> matching = call(now, null, () -> store.indexed(pk, now)).stream()
                .filter(entry -> Handles.of(entry.key()).equals(handle))
                .toList();
        if (matching.isEmpty()) {
            return false;
        }
        return deleteEntries(pk, matching, now, null, principal, "ended by its owner from another session") > 0;
    }

    @Override
    public int invalidateAllOf(String principal) {
        Instant now = clock.instant();
        PrincipalKey pk = sealer.principalKey(principal);
        List<IndexEntry> entries = call(now, null, () -> store.indexed(pk, now));
        return deleteEntries(pk, entries, now, null, principal, "ended with every session of the principal");
    }

    @Override
    public int invalidateOthers(Session session) {
        String principal = session.principal().orElseThrow(() ->
                new InvalidSessionStateException("session " + session.token().fingerprint() + "… has no principal, so it has no other sessions"));
        Instant now = clock.instant();
        PrincipalKey pk = sealer.principalKey(principal);
        SessionKey own = session.key();
        List<IndexEntry> others = new ArrayList<>(call(now, null, () -> store.indexed(pk, now)));
        others.removeIf(entry -> entry.key().equals(own));
        return deleteEntries(pk, others, now, session.token().fingerprint(), principal, "ended from another session of the principal");
    }

    // ---- helpers --------------------------------------------------------------------------------

    private void createRecord(Session session, Instant now) {
        String fingerprint = session.token().fingerprint();
        Duration ttl = session.ttlAt(now);
        if (ttl.toMillis() <= 0) {
            throw new InvalidSessionStateException("session " + fingerprint + "… is past its absolute deadline");
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            SessionKey key = session.key();
            byte[] sealed = seal(session, key);
            boolean created = call(now, fingerprint, () -> store.create(key, sealed, ttl));
            if (created) {
                session.stored(1);
                return;
            }
            // 256 random bits collided, or the store is lying. Either way, never share a record.
            LOG.error("a freshly generated session key was already taken; drawing another token");
            session.rotated(tokens.next(), now);
        }
        throw new SessionException("could not find a free session key in 3 attempts; is the token generator random?");
    }

    private byte[] seal(Session session, SessionKey key) {
        byte[] plaintext = RecordCodec.encode(session.toRecord());
        if (plaintext.length > policy.maxRecordBytes()) {
            throw new SessionTooLargeException("session " + session.token().fingerprint() + "… encodes to " + plaintext.length
                    + " bytes, more than the policy allows (maxRecordBytes = " + policy.maxRecordBytes() + ")");
        }
        return sealer.seal(plaintext, RecordCodec.associatedData(namespace, key));
    }

    private Optional<SessionRecord> open(SessionKey key, StoredRecord stored, Instant now, String fingerprint) {
        if (stored.sealed().length > policy.maxRecordBytes() + SEALING_OVERHEAD_ALLOWANCE) {
            emit(SessionEvent.Type.TAMPERED, now, fingerprint, null,
                    "stored record of " + stored.sealed().length + " bytes exceeds the size limit; refused without decrypting");
            return Optional.empty();
        }
        Optional<byte[]> plaintext = sealer.open(stored.sealed(), RecordCodec.associatedData(namespace, key));
        if (plaintext.isEmpty()) {
            emit(SessionEvent.Type.TAMPERED, now, fingerprint, null,
                    "stored record does not open: altered, moved from another key, or sealed with a key no longer in the keyset");
            return Optional.empty();
        }
        try {
            return Optional.of(RecordCodec.decode(plaintext.get()));
        } catch (RecordFormatException e) {
            emit(SessionEvent.Type.TAMPERED, now, fingerprint, null, "stored record opens but does not decode: " + e.getMessage());
            return Optional.empty();
        }
    }

    private List<IndexEntry> liveEntries(PrincipalKey pk, Instant now, String fingerprint) {
        List<IndexEntry> live = new ArrayList<>();
        List<SessionKey> dead = new ArrayList<>();
        for (IndexEntry entry : call(now, fingerprint, () -> store.indexed(pk, now))) {
            SessionKey key = entry.key();
            boolean exists = call(now, fingerprint, () -> store.load(key, null)).isPresent();
            if (exists) {
                live.add(entry);
            } else {
                dead.add(key);
            }
        }
        if (!dead.isEmpty()) {
            call(now, fingerprint, () -> {
                store.unindex(pk, dead, now);
                return null;
            });
        }
        return live;
    }

    private int deleteEntries(PrincipalKey pk, List<IndexEntry> entries, Instant now, @Nullable String fingerprint,
            String principal, String why) {
        int deleted = 0;
        List<SessionKey> keys = new ArrayList<>();
        for (IndexEntry entry : entries) {
            SessionKey key = entry.key();
            keys.add(key);
            if (call(now, fingerprint, () -> store.delete(key))) {
                deleted++;
                emit(SessionEvent.Type.INVALIDATED, now, key.fingerprint(), principal, why);
            }
        }
        if (!keys.isEmpty()) {
            call(now, fingerprint, () -> {
                store.unindex(pk, keys, now);
                return null;
            });
        }
        return deleted;
    }

    /** Deletes a record and its index entry. */
    private void end(SessionKey key, @Nullable String principal, Instant now) {
        call(now, key.fingerprint(), () -> {
            store.delete(key);
            if (principal != null) {
                store.unindex(sealer.principalKey(principal), List.of(key), now);
            }
            return null;
        });
    }

    private <T> T call(Instant now, @Nullable String fingerprint, Supplier<T> operation) {
        try {
            return operation.get();
        } catch (SessionStoreUnavailableException e) {
            emit(SessionEvent.Type.STORE_UNAVAILABLE, now, fingerprint, null, String.valueOf(e.getMessage()));
            throw e;
        }
    }

    private static void requireNotEnded(Session session) {
        if (session.isEnded()) {
            throw new InvalidSessionStateException("session " + session.token().fingerprint() + "… has ended");
        }
    }

    private void emit(SessionEvent.Type type, Instant at, @Nullable String fingerprint, @Nullable String principal, String detail) {
        try {
            listener.onEvent(new SessionEvent(type, at, fingerprint, principal, detail));
        } catch (RuntimeException e) {
            LOG.warn("session event listener failed on {}; the request goes on", type, e);
        }
    }
}

package io.sealedsession.core;

import io.sealedsession.core.internal.RecordCodec;
import io.sealedsession.core.internal.SessionRecord;
import io.sealedsession.core.internal.Tombstone;
import io.sealedsession.core.port.ReplaceResult;
import io.sealedsession.core.port.SessionSealer;
import io.sealedsession.core.port.SessionStore;
import io.sealedsession.core.port.StoredRecord;
import io.sealedsession.core.port.TokenGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life cycle of one session's records: create, compare-and-set, rotate, end. Every transition
 * is conditional on the version it was computed from, and none computed from an ended session
 * leaves a live record anywhere. The protocol, and every interleaving it covers, is written down
 * in {@code docs/lifecycle.md}.
 */
final class RecordLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(RecordLifecycle.class);

    /** Room for the sealer's own bytes (key id, nonce, tag) above the record size limit. */
    static final int SEALING_OVERHEAD_ALLOWANCE = 1024;

    /**
     * The highest version a record can honestly reach: one write a microsecond for eight years is
     * below 2^48. A higher prefix was written by someone else (a Redis writer can set it to the
     * maximum so that every save of the session conflicts); it reads as tampering.
     */
    static final long MAX_PLAUSIBLE_VERSION = 1L << 48;

    /** How many rotations in a row a late request follows before it gives up. */
    private static final int MAX_CHAIN = 64;

    /** A stored value as it opened. */
    sealed interface Opened permits Live, Moved {}

    /** A session record. */
    record Live(long version, SessionRecord record) implements Opened {}

    /** A tombstone: the session moved to another key. */
    record Moved(long version, Tombstone tombstone) implements Opened {}

    /** What a rotation did. */
    enum Rotated {
        /** The session has a new token, written under its new key; the old key holds a tombstone. */
        ROTATED,
        /**
         * Another request renewed the token first; this request keeps the token it had, and its
         * changes were saved under the key that request moved the session to.
         */
        FOLLOWED,
        /** The session had ended, or was moved by a sign-in meanwhile; nothing live was written. */
        GONE
    }

    /**
     * The principal index's part in a rotation, supplied by the manager: the new key is entered
     * (or admitted under the cap) once its record exists and before the old record becomes a
     * tombstone, the old one left after that, and the new one taken out again when the rotation
     * did not happen. A record that exists before its entry means that housekeeping which drops
     * entries without a record never drops an admission in flight.
     */
    interface Indexing {
        Indexing NONE = new Indexing() {};

        /**
         * May refuse (throw): the new record is then removed and nothing else changes.
         *
         * @param oldKey the key the session is rotating away from, null for a session never stored
         */
        default void afterCreate(@Nullable SessionKey oldKey, SessionKey newKey) {}

        /** @param oldKey null when the session was new and had no record before */
        default void afterRotation(@Nullable SessionKey oldKey, SessionKey newKey) {}

        default void afterFailure(SessionKey newKey) {}
    }

    private final SessionStore store;
    private final SessionSealer sealer;
    /** The namespace's part of every record's associated data, computed once. */
    private final byte[] associatedDataPrefix;
    private final SessionPolicy policy;
    private final TokenGenerator tokens;
    private final Audit audit;
    private final int maxAttempts;

    RecordLifecycle(SessionStore store, SessionSealer sealer, String namespace, SessionPolicy policy, TokenGenerator tokens,
            Audit audit, int maxAttempts) {
        this.store = store;
        this.sealer = sealer;
        this.associatedDataPrefix = RecordCodec.associatedDataPrefix(namespace);
        this.policy = policy;
        this.tokens = tokens;
        this.audit = audit;
        this.maxAttempts = maxAttempts;
    }

    // ---- opening and sealing ----------------------------------------------------------------

    /** Opens a stored value; empty (and audited) when it does not open or decode. */
    Optional<Opened> open(SessionKey key, StoredRecord stored, Instant now, @Nullable String fingerprint) {
        if (stored.version() > MAX_PLAUSIBLE_VERSION) {
            audit.emit(SessionEvent.Type.TAMPERED, now, fingerprint, null,
                    "stored record claims version " + stored.version() + ", more writes than any session makes; refused");
            return Optional.empty();
        }
        if (stored.sealed().length > policy.maxRecordBytes() + SEALING_OVERHEAD_ALLOWANCE) {
            audit.emit(SessionEvent.Type.TAMPERED, now, fingerprint, null,
                    "stored record of " + stored.sealed().length + " bytes exceeds the size limit; refused without decrypting");
            return Optional.empty();
        }
        Optional<byte[]> plaintext = sealer.open(stored.sealed(), RecordCodec.associatedData(associatedDataPrefix, key));
        if (plaintext.isEmpty()) {
            audit.emit(SessionEvent.Type.TAMPERED, now, fingerprint, null,
                    "stored record does not open: altered, moved from another key, or sealed with a key no longer in the keyset");
            return Optional.empty();
        }
        byte[] bytes = plaintext.get();
        try {
            if (RecordCodec.isTombstone(bytes)) {
                return Optional.of(new Moved(stored.version(), RecordCodec.decodeTombstone(bytes)));
            }
            return Optional.of(new Live(stored.version(), RecordCodec.decode(bytes)));
        } catch (RecordFormatException e) {
            audit.emit(SessionEvent.Type.TAMPERED, now, fingerprint, null, "stored record opens but does not decode: " + e.getMessage());
            return Optional.empty();
        }
    }

    private byte[] seal(Session session, SessionKey key) {
        byte[] plaintext = RecordCodec.encode(session.toRecord());
        if (plaintext.length > policy.maxRecordBytes()) {
            throw new SessionTooLargeException("session " + session.token().fingerprint() + "… encodes to " + plaintext.length
                    + " bytes, more than the policy allows (maxRecordBytes = " + policy.maxRecordBytes() + ")");
        }
        return sealer.seal(plaintext, RecordCodec.associatedData(associatedDataPrefix, key));
    }

    private byte[] seal(Tombstone tombstone, SessionKey key) {
        return sealer.seal(RecordCodec.encode(tombstone), RecordCodec.associatedData(associatedDataPrefix, key));
    }

    // ---- create and save --------------------------------------------------------------------

    /** Writes a new session's first record under its token's key, and marks the session stored. */
    void create(Session session, Instant now) {
        write(session, now);
        session.stored(1);
    }

    /**
     * Writes a record at version 1 under the session's token's key, drawing another token on the
     * (impossible) collision. The session is not marked stored: a rotation does that only once
     * its compare-and-set succeeded, so that its changes survive a retry.
     */
    private void write(Session session, Instant now) {
        String fingerprint = session.token().fingerprint();
        Duration ttl = session.ttlAt(now);
        if (ttl.toMillis() <= 0) {
            throw new InvalidSessionStateException("session " + fingerprint + "… is past its absolute deadline");
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            SessionKey key = session.key();
            byte[] sealed = seal(session, key);
            if (audit.call(now, fingerprint, () -> store.create(key, sealed, ttl))) {
                return;
            }
            // 256 random bits collided, or the store is lying. Either way, never share a record.
            LOG.error("a freshly generated session key was already taken; drawing another token");
            session.rotated(tokens.next(), now);
        }
        throw new SessionException("could not find a free session key in 3 attempts; is the token generator random?");
    }

    /**
     * Writes a session that was never stored under a new token, signed in: the record first, then
     * its admission to the principal's index. A refused admission removes the record again and
     * leaves the session new, with its old token.
     */
    void createSignedIn(Session session, Instant now, Indexing indexing) {
        SessionKey key = writeUnderNewToken(session, null, now, indexing).key();
        session.stored(1);
        indexing.afterRotation(null, key);
    }

    /**
     * Compare-and-set of the session's record, rebasing on what another request saved and
     * following a renewal's tombstone, until it is written or found gone.
     */
    SaveResult replace(Session session, Instant now) {
        String fingerprint = session.token().fingerprint();
        for (int attempt = 1; ; attempt++) {
            SessionKey key = session.storeKey();
            Duration ttl = session.ttlAt(now);
            if (ttl.toMillis() <= 0) {
                return expiredWhileSaving(session, now);
            }
            byte[] sealed = seal(session, key);
            long expected = session.version();
            ReplaceResult result = casUnderLock(session, key, expected, sealed, ttl, now);
            if (result.outcome() == ReplaceResult.Outcome.REPLACED) {
                session.stored(result.newVersion());
                return SaveResult.SAVED;
            }
            if (result.outcome() == ReplaceResult.Outcome.MISSING) {
                return deletedMeanwhile(session, now);
            }
            if (attempt >= maxAttempts) {
                throw conflictExhausted(fingerprint);
            }
            if (!rebaseOnCurrent(session, key, result.current(), now)) {
                return SaveResult.GONE;
            }
        }
    }

    /**
     * Makes what the store holds under {@code key} this session's new base. A record: rebase. A
     * followable tombstone: follow it and rebase on the record it leads to. Anything else (gone, tampered, moved by a sign-in): the session is ended here.
     *
     * @return false when the session was ended
     */
    private boolean rebaseOnCurrent(Session session, SessionKey key, @Nullable StoredRecord current, Instant now) {
        String fingerprint = session.token().fingerprint();
        SessionKey at = key;
        StoredRecord stored = current != null ? current : audit.load(now, fingerprint, () -> store.load(key, null)).orElse(null);
        for (int hop = 0; hop <= MAX_CHAIN; hop++) {
            if (stored == null) {
                deletedMeanwhile(session, now);
                return false;
            }
            Optional<Opened> opened = open(at, stored, now, fingerprint);
            if (opened.isEmpty()) {
                deletedMeanwhile(session, now);
                return false;
            }
            if (opened.get() instanceof Live live) {
                String principal = session.principal().orElse(null);
                List<String> overwritten = session.rebase(live.version(), live.record());
                if (!overwritten.isEmpty()) {
                    audit.emit(SessionEvent.Type.CONCURRENT_OVERWRITE, now, fingerprint, principal,
                            "replaced " + overwritten.size() + " attribute(s) another request changed meanwhile (last writer wins): "
                                    + String.join(", ", overwritten));
                }
                return true;
            }
            Tombstone tombstone = ((Moved) opened.get()).tombstone();
            if (!tombstone.followable()) {
                session.ended();
                audit.emit(SessionEvent.Type.WRITE_AFTER_ROTATION_REFUSED, now, fingerprint, session.principal().orElse(null),
                        "the session was signed in or changed privileges while this request ran; its changes were dropped");
                return false;
            }
            at = tombstone.next();
            session.follow(at);
            SessionKey next = at;
            stored = audit.load(now, fingerprint, () -> store.load(next, null)).orElse(null);
        }
        throw conflictExhausted(fingerprint);
    }

    // ---- rotation -----------------------------------------------------------------------------

    /**
     * Gives the session a fresh token, writes its record under the new key and enters that key
     * in the index. When either step fails, what was written is removed and the session has its
     * old token again.
     *
     * @param oldKey the key the session rotates away from, null for a session never stored
     * @return the new key, and what to restore should the rotation not happen
     */
    private Written writeUnderNewToken(Session session, @Nullable SessionKey oldKey, Instant now, Indexing indexing) {
        Session.Rotation undo = session.rotated(tokens.next(), now);
        try {
            write(session, now);
        } catch (RuntimeException e) {
            session.undoRotation(undo);
            throw e;
        }
        SessionKey newKey = session.key();
        try {
            indexing.afterCreate(oldKey, newKey);
        } catch (RuntimeException e) {
            audit.call(now, session.token().fingerprint(), () -> store.remove(newKey));
            indexing.afterFailure(newKey);
            session.undoRotation(undo);
            throw e;
        }
        return new Written(newKey, undo);
    }

    private record Written(SessionKey key, Session.Rotation undo) {}

    /**
     * Gives a stored session a new token, in three steps: the new record is created under the new
     * key, then the old record is replaced, at the version this request read, by a tombstone that
     * names the new key, and only then is the rotation done. A request that ended the session in
     * between makes the compare-and-set fail, and the new record is removed again; one that saved
     * in between makes it conflict, and the rotation starts over from what that request saved.
     *
     * @param followable true for a periodic renewal, false for a sign-in or privilege change
     */
    Rotated rotate(Session session, Instant now, boolean followable, Indexing indexing) {
        String fingerprint = session.token().fingerprint();
        @Nullable String principal = session.principal().orElse(null);
        for (int attempt = 1; ; attempt++) {
            SessionKey oldKey = session.storeKey();
            long expected = session.version();
            Duration tombstoneTtl = session.ttlAt(now);
            if (tombstoneTtl.toMillis() <= 0) {
                expiredWhileSaving(session, now);
                return Rotated.GONE;
            }
            Written written = writeUnderNewToken(session, oldKey, now, indexing);
            Session.Rotation undo = written.undo();
            SessionKey newKey = written.key();
            byte[] tombstone = seal(new Tombstone(newKey, followable), oldKey);
            ReplaceResult result;
            try {
                result = casUnderLock(session, oldKey, expected, tombstone, tombstoneTtl, now);
            } catch (RuntimeException e) {
                // Unknown whether the old record became a tombstone. Leave the new record: if the
                // tombstone was written, it is the session; if not, nobody holds its token.
                session.undoRotation(undo);
                throw e;
            }
            if (result.outcome() == ReplaceResult.Outcome.REPLACED) {
                session.stored(1);
                indexing.afterRotation(oldKey, newKey);
                return Rotated.ROTATED;
            }
            SessionKey abandoned = newKey;
            audit.call(now, fingerprint, () -> store.remove(abandoned));
            indexing.afterFailure(abandoned);
            session.undoRotation(undo);
            if (result.outcome() == ReplaceResult.Outcome.MISSING) {
                deletedMeanwhile(session, now);
                return Rotated.GONE;
            }
            if (attempt >= maxAttempts) {
                throw conflictExhausted(fingerprint);
            }
            SessionKey before = session.storeKey();
            if (!rebaseOnCurrent(session, oldKey, result.current(), now)) {
                return Rotated.GONE;
            }
            session.bind(principal); // a sign-in binds its principal whatever the base had
            if (followable && !session.storeKey().equals(before)) {
                // Another request renewed the token first: keep ours and save our changes there.
                return replace(session, now) == SaveResult.SAVED ? Rotated.FOLLOWED : Rotated.GONE;
            }
        }
    }

    /**
     * A compare-and-set, fenced by the session's lock when this request holds it on that key: a
     * holder whose lease ran out writes nothing.
     */
    private ReplaceResult casUnderLock(Session session, SessionKey key, long expected, byte[] sealed, Duration ttl, Instant now) {
        String fingerprint = session.token().fingerprint();
        Session.Lock lock = session.lock();
        if (lock == null || !lock.key().equals(key)) {
            return audit.call(now, fingerprint, () -> store.replace(key, expected, sealed, ttl));
        }
        ReplaceResult result = audit.call(now, fingerprint, () -> store.replace(key, expected, sealed, ttl, lock.fence()));
        if (result.outcome() == ReplaceResult.Outcome.LOCK_LOST) {
            throw new SessionLockLostException("session " + fingerprint + "…'s lock lease ran out before this request saved;"
                    + " its changes were not saved");
        }
        return result;
    }

    /**
     * The keys a session is known by from {@code key} on: the key itself and, while it holds a
     * tombstone, the keys the tombstones lead to, the live one last. Reads without touching.
     */
    List<SessionKey> chainOf(SessionKey key, Instant now) {
        List<SessionKey> keys = new ArrayList<>();
        SessionKey at = key;
        for (int hop = 0; hop <= MAX_CHAIN; hop++) {
            keys.add(at);
            SessionKey current = at;
            Optional<StoredRecord> stored = audit.load(now, current.fingerprint(), () -> store.load(current, null));
            Optional<Opened> opened = stored.flatMap(s -> open(current, s, now, current.fingerprint()));
            if (opened.isEmpty() || !(opened.get() instanceof Moved moved)) {
                break;
            }
            at = moved.tombstone().next();
        }
        return keys;
    }

    // ---- ending -------------------------------------------------------------------------------

    /**
     * What {@link #end} removed: every key of the chain, and the principals whose indexes may list
     * them.
     */
    record Ended(List<SessionKey> keys, List<String> principals, boolean endedALiveRecord) {}

    /**
     * Removes the record under {@code key} and, when it was a tombstone, the record it names, and
     * so on: an end that races a rotation ends the rotated session too.
     */
    Ended end(SessionKey key, Instant now) {
        List<SessionKey> keys = new ArrayList<>();
        List<String> principals = new ArrayList<>();
        boolean live = false;
        SessionKey at = key;
        for (int hop = 0; hop <= MAX_CHAIN; hop++) {
            SessionKey current = at;
            keys.add(current);
            Optional<StoredRecord> removed = audit.call(now, current.fingerprint(), () -> store.remove(current));
            if (removed.isEmpty()) {
                break;
            }
            Optional<Opened> opened = open(current, removed.get(), now, current.fingerprint());
            if (opened.isEmpty()) {
                break;
            }
            if (opened.get() instanceof Live l) {
                live = true;
                if (l.record().principal() != null && !principals.contains(l.record().principal())) {
                    principals.add(l.record().principal());
                }
                break;
            }
            at = ((Moved) opened.get()).tombstone().next();
        }
        return new Ended(List.copyOf(keys), List.copyOf(principals), live);
    }

    // ---- outcomes -------------------------------------------------------------------------------

    private SaveResult deletedMeanwhile(Session session, Instant now) {
        session.ended();
        audit.emit(SessionEvent.Type.WRITE_AFTER_DELETE_REFUSED, now, session.token().fingerprint(), session.principal().orElse(null),
                "the session was deleted while this request ran; its changes were dropped");
        return SaveResult.GONE;
    }

    private SaveResult expiredWhileSaving(Session session, Instant now) {
        end(session.storeKey(), now);
        session.ended();
        audit.emit(SessionEvent.Type.EXPIRED_ON_LOAD, now, session.token().fingerprint(), session.principal().orElse(null),
                "reached its absolute deadline before it could be saved");
        return SaveResult.GONE;
    }

    private SessionConflictException conflictExhausted(String fingerprint) {
        return new SessionConflictException("session " + fingerprint + "… kept changing under " + maxAttempts
                + " save attempts; this request's changes were not saved");
    }
}

package io.sealedsession.core;

import io.sealedsession.core.internal.Handles;
import io.sealedsession.core.port.IndexEntry;
import io.sealedsession.core.port.PrincipalKey;
import io.sealedsession.core.port.SessionSealer;
import io.sealedsession.core.port.SessionStore;
import io.sealedsession.core.port.StoredRecord;
import io.sealedsession.core.port.AttributeCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The principal index: which sessions a principal holds. Entries are written when a principal is
 * bound, a session rotates or ends, never on an ordinary request; reading it checks the records,
 * because a session that idled out leaves its entry until its absolute deadline.
 */
final class PrincipalIndex {

    private final SessionStore store;
    private final SessionSealer sealer;
    private final RecordLifecycle lifecycle;
    private final AttributeCodec codec;
    private final Audit audit;

    PrincipalIndex(SessionStore store, SessionSealer sealer, RecordLifecycle lifecycle, AttributeCodec codec, Audit audit) {
        this.store = store;
        this.sealer = sealer;
        this.lifecycle = lifecycle;
        this.codec = codec;
        this.audit = audit;
    }

    PrincipalKey keyOf(String principal) {
        return sealer.principalKey(principal);
    }

    void add(String principal, SessionKey key, Instant deadline, Instant now) {
        PrincipalKey pk = keyOf(principal);
        audit.run(now, key.fingerprint(), () -> store.index(pk, key, deadline, now));
    }

    void remove(String principal, Collection<SessionKey> keys, Instant now) {
        if (keys.isEmpty()) {
            return;
        }
        PrincipalKey pk = keyOf(principal);
        audit.run(now, null, () -> store.unindex(pk, keys, now));
    }

    List<IndexEntry> entries(String principal, Instant now) {
        PrincipalKey pk = keyOf(principal);
        return audit.call(now, null, () -> store.indexed(pk, now));
    }

    /**
     * Drops the entries whose record is gone. A tombstone counts as live: the rotation that wrote it
     * moves the entry itself, and until it has, the session may still be alive under its new key.
     */
    void pruneGone(String principal, Instant now, @Nullable String fingerprint) {
        List<SessionKey> gone = new ArrayList<>();
        for (IndexEntry entry : entries(principal, now)) {
            SessionKey key = entry.key();
            if (audit.load(now, fingerprint, () -> store.load(key, null)).isEmpty()) {
                gone.add(key);
            }
        }
        remove(principal, gone, now);
    }

    /** The principal's live sessions as their owner may see them; entries found dead are dropped. */
    List<SessionInfo> sessionsOf(String principal, Instant now) {
        List<SessionInfo> result = new ArrayList<>();
        List<SessionKey> dead = new ArrayList<>();
        for (IndexEntry entry : entries(principal, now)) {
            SessionKey key = entry.key();
            Optional<StoredRecord> stored = audit.load(now, key.fingerprint(), () -> store.load(key, null));
            Optional<RecordLifecycle.Opened> opened = stored.flatMap(s -> lifecycle.open(key, s, now, key.fingerprint()));
            if (opened.isPresent() && opened.get() instanceof RecordLifecycle.Moved) {
                continue; // mid-rotation: the new key is listed (or about to be) in its own right
            }
            if (opened.isEmpty()
                    || !(opened.get() instanceof RecordLifecycle.Live live)
                    || !principal.equals(live.record().principal())
                    || !now.isBefore(live.record().absoluteDeadline())) {
                dead.add(key);
                continue;
            }
            var r = live.record();
            Map<String, @Nullable Object> attributes = new LinkedHashMap<>();
            r.attributes().forEach((name, bytes) -> attributes.put(name, codec.decode(name, bytes)));
            result.add(new SessionInfo(Handles.of(key), r.createdAt(), r.lastAccessedAt(), r.absoluteDeadline(), attributes));
        }
        remove(principal, dead, now);
        return result;
    }

    /**
     * Ends the sessions of these entries, following rotations, and takes every key involved out of
     * the indexes that may list it.
     *
     * @return how many live sessions were ended
     */
    int end(String principal, List<IndexEntry> entries, Instant now, String why) {
        int ended = 0;
        List<SessionKey> keys = new ArrayList<>();
        for (IndexEntry entry : entries) {
            RecordLifecycle.Ended result = lifecycle.end(entry.key(), now);
            keys.addAll(result.keys());
            for (String other : result.principals()) {
                if (!other.equals(principal)) {
                    remove(other, result.keys(), now);
                }
            }
            if (result.endedALiveRecord()) {
                ended++;
                audit.emit(SessionEvent.Type.INVALIDATED, now, entry.key().fingerprint(), principal, why);
            }
        }
        remove(principal, keys, now);
        return ended;
    }

    /** Ends one session by its key, following rotations, and unindexes everything involved. */
    void endOne(SessionKey key, @Nullable String principal, Instant now) {
        RecordLifecycle.Ended result = lifecycle.end(key, now);
        List<String> principals = new ArrayList<>(result.principals());
        if (principal != null && !principals.contains(principal)) {
            principals.add(principal);
        }
        for (String p : principals) {
            remove(p, result.keys(), now);
        }
    }
}

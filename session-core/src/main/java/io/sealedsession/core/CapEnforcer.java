package io.sealedsession.core;

import io.sealedsession.core.port.Admission;
import io.sealedsession.core.port.IndexEntry;
import io.sealedsession.core.port.PrincipalKey;
import io.sealedsession.core.port.SessionStore;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The per-principal cap, applied as one atomic admission on the principal's index
 * ({@link SessionStore#admit}) before the signed-in record exists: whatever the number of
 * simultaneous sign-ins, the index never admits more than the cap, and a session that is not in
 * the index is never signed in.
 */
final class CapEnforcer {

    private final SessionStore store;
    private final PrincipalIndex index;
    private final PrincipalCap cap;
    private final Audit audit;

    CapEnforcer(SessionStore store, PrincipalIndex index, PrincipalCap cap, Audit audit) {
        this.store = store;
        this.index = index;
        this.cap = cap;
        this.audit = audit;
    }

    /**
     * The index's part in signing {@code principal} in to {@code session}: admit the new key
     * under the cap once its record is written and before the old one becomes a tombstone, leave the previous principal's index after the
     * rotation, release the admission when the rotation did not happen.
     *
     * @param previous the principal the session was signed in as before, if any
     */
    RecordLifecycle.Indexing forSignIn(Session session, String principal, @Nullable String previous, Instant now) {
        String fingerprint = session.token().fingerprint();
        Instant deadline = session.absoluteDeadline();
        boolean reSignIn = principal.equals(previous) && !session.isNew();
        return new RecordLifecycle.Indexing() {
            @Override
            public void afterCreate(@Nullable SessionKey oldKey, SessionKey newKey) {
                // The key being replaced is the one this attempt rotates from: after following a
                // renewal it is not the key the session was loaded under.
                admit(principal, newKey, reSignIn ? oldKey : null, deadline, now, fingerprint);
            }

            @Override
            public void afterRotation(@Nullable SessionKey oldKey, SessionKey newKey) {
                if (previous != null && oldKey != null) {
                    index.remove(previous, List.of(oldKey), now);
                }
                if (endedMeanwhile(principal, newKey, now)) {
                    session.ended();
                    audit.emit(SessionEvent.Type.INVALIDATED, now, fingerprint, principal,
                            "ended while it signed in: evicted under the cap, or with every session of the principal");
                    throw new InvalidSessionStateException("session " + fingerprint + "… was ended while it signed in: evicted"
                            + " under the cap, or with every session of the principal; nothing is signed in");
                }
            }

            @Override
            public void afterFailure(SessionKey newKey) {
                index.remove(principal, List.of(newKey), now);
            }
        };
    }

    /** The index's part in renewing a signed-in session's token: the entry moves with the key. */
    RecordLifecycle.Indexing forRenewal(Session session, String principal, Instant deadline, Instant now) {
        return new RecordLifecycle.Indexing() {
            @Override
            public void afterCreate(@Nullable SessionKey oldKey, SessionKey newKey) {
                index.add(principal, newKey, deadline, now);
            }

            @Override
            public void afterRotation(@Nullable SessionKey oldKey, SessionKey newKey) {
                if (oldKey != null) {
                    index.remove(principal, List.of(oldKey), now);
                }
                if (endedMeanwhile(principal, newKey, now)) {
                    session.ended();
                }
            }

            @Override
            public void afterFailure(SessionKey newKey) {
                index.remove(principal, List.of(newKey), now);
            }
        };
    }

    /**
     * Whether the new record was ended while the rotation ran: by an eviction under the cap, or by
     * "end every session of the principal", which can list the new key once it is admitted. The
     * key the session rotated from is not always in that principal's index (a sign-in from an
     * anonymous session), so the rotation's compare-and-set may still succeed. One read of the new
     * record, once it is the session's, tells: if it is gone, the transition reports the session
     * ended instead of handing the client a token that opens nothing.
     */
    private boolean endedMeanwhile(String principal, SessionKey newKey, Instant now) {
        if (audit.load(now, newKey.fingerprint(), () -> store.load(newKey, null)).isPresent()) {
            return false;
        }
        index.remove(principal, List.of(newKey), now);
        return true;
    }

    private void admit(String principal, SessionKey newKey, @Nullable SessionKey replacing, Instant deadline, Instant now,
            String fingerprint) {
        if (cap.isUnlimited()) {
            index.add(principal, newKey, deadline, now);
            return;
        }
        // Entries of sessions that idled out stay until their deadline; drop them first, so that
        // they do not count. The admission itself is atomic; this is only housekeeping.
        index.pruneGone(principal, now, fingerprint);
        PrincipalKey pk = index.keyOf(principal);
        Admission admission = audit.call(now, fingerprint,
                () -> store.admit(pk, newKey, replacing, deadline, now, cap.maxSessions(), cap.atCap()));
        if (!admission.admitted()) {
            audit.emit(SessionEvent.Type.CAP_REACHED, now, fingerprint, principal,
                    "sign-in refused: the principal holds " + cap.maxSessions() + " sessions, the most allowed");
            throw new SessionLimitExceededException("the principal already holds " + cap.maxSessions()
                    + " sessions, the most the policy allows");
        }
        if (!admission.evicted().isEmpty()) {
            audit.emit(SessionEvent.Type.CAP_REACHED, now, fingerprint, principal, "ending the " + admission.evicted().size()
                    + " oldest session(s) to stay within " + cap.maxSessions());
            List<IndexEntry> evicted = admission.evicted().stream().map(key -> new IndexEntry(key, deadline)).toList();
            index.end(principal, evicted, now, "ended to keep the principal within its session cap");
        }
    }
}

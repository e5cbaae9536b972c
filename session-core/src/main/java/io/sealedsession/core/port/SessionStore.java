package io.sealedsession.core.port;

import io.sealedsession.core.PrincipalCap;
import io.sealedsession.core.SessionKey;
import io.sealedsession.core.SessionStoreUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where sealed session records live. The store sees session keys, opaque sealed bytes, versions
 * and expiry times: never a token, never a readable attribute, never a principal's name.
 *
 * <p>Every record carries a version that the store owns: {@link #create} writes version 1 and each
 * successful {@link #replace} writes the expected version plus one. Every write sets an expiry;
 * nothing is stored forever.
 *
 * <p>The principal index maps a {@link PrincipalKey} to the keys of that principal's sessions,
 * each with the session's absolute deadline. Entries past their deadline are pruned by every index
 * write and never returned by {@link #indexed}. The index itself expires with its latest deadline.
 *
 * <p>Implementations are thread-safe. Every method throws {@link SessionStoreUnavailableException}
 * when the store cannot be reached, and no other exception for a reachable store. Byte arrays
 * passed in are not kept; byte arrays returned are the caller's to keep.
 *
 * <p>Prove an implementation with the contract kit in the {@code tests} module.
 */
public interface SessionStore {

    /**
     * Reads a record and, when {@code touchTtl} is not null, sets its expiry to {@code touchTtl}
     * from now, in one step.
     *
     * @return the record, or empty when there is none (never written, deleted or expired)
     */
    Optional<StoredRecord> load(SessionKey key, @Nullable Duration touchTtl);

    /**
     * Sets the expiry of an existing record to {@code ttl} from now.
     *
     * @return false when there is no record under the key (nothing is created)
     */
    boolean expire(SessionKey key, Duration ttl);

    /**
     * Writes a record at version 1 if, and only if, there is none under the key.
     *
     * @return false when a record already exists; it is left untouched
     */
    boolean create(SessionKey key, byte[] sealedRecord, Duration ttl);

    /**
     * Replaces a record if, and only if, it exists and its version is {@code expectedVersion}.
     * A record that is missing is never created by this method: a request that runs late cannot
     * bring back a session that was deleted.
     */
    ReplaceResult replace(SessionKey key, long expectedVersion, byte[] sealedRecord, Duration ttl);

    /**
     * Deletes a record and returns what it held, in one step: the caller learns whether the record
     * it removed was a tombstone left by a rotation, and follows it (see the life cycle in
     * {@code docs/lifecycle.md}).
     *
     * @return the record that was deleted, or empty when there was none
     */
    Optional<StoredRecord> remove(SessionKey key);

    /**
     * Deletes a record without returning it.
     *
     * @return true when a record was deleted
     */
    default boolean delete(SessionKey key) {
        return remove(key).isPresent();
    }

    /**
     * Adds or updates one entry of a principal's index, prunes entries whose deadline is not after
     * {@code now}, and makes the index expire with its latest deadline.
     */
    void index(PrincipalKey principal, SessionKey key, Instant deadline, Instant now);

    /**
     * Admits one session into a principal's index under a cap, atomically: prunes entries whose
     * deadline is not after {@code now}, counts the others (leaving out {@code key} itself and
     * {@code replacing}, the key of the record this session is rotating away from, when given),
     * and then either refuses or adds {@code key}. Under {@link PrincipalCap.AtCap#EVICT_OLDEST} it
     * instead removes the entries with the earliest deadlines that would leave more than
     * {@code maxSessions} and names them, so that the caller ends their records. However many
     * callers admit at the same moment, the index never holds more than {@code maxSessions}
     * entries besides those being replaced.
     *
     * @param maxSessions at least 1
     */
    Admission admit(PrincipalKey principal, SessionKey key, @Nullable SessionKey replacing, Instant deadline,
            Instant now, int maxSessions, PrincipalCap.AtCap atCap);

    /**
     * True when this store offers the opt-in per-session lock ({@link #lock}, {@link #unlock}
     * and the fenced {@link #replace(SessionKey, long, byte[], Duration, byte[])}). False by
     * default.
     */
    default boolean supportsLocks() {
        return false;
    }

    /**
     * Takes one session's lock for {@code lease}, if nobody holds it: a lease with a time to live,
     * kept beside the record (in its Cluster slot), holding {@code fence}.
     *
     * @return true when taken, false when another holder has it
     * @throws UnsupportedOperationException when {@link #supportsLocks()} is false
     */
    default boolean lock(SessionKey key, byte[] fence, Duration lease) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no session lock");
    }

    /** Releases one session's lock, if, and only if, it is still held with {@code fence}. */
    default void unlock(SessionKey key, byte[] fence) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no session lock");
    }

    /**
     * {@link #replace(SessionKey, long, byte[], Duration)}, but only while the session's lock is
     * held with {@code fence}; otherwise nothing is written and the outcome is
     * {@link ReplaceResult.Outcome#LOCK_LOST}. The lock check and the write are one atomic step.
     */
    default ReplaceResult replace(SessionKey key, long expectedVersion, byte[] sealedRecord, Duration ttl, byte[] fence) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no session lock");
    }

    /**
     * A view of this store that does not transfer a stored record whose sealed bytes are longer
     * than {@code maxSealedBytes}: {@link #load} then throws {@link OversizedRecordException} without
     * touching the record, and a compare-and-set that meets such a record reports it as missing.
     * The session manager asks for this view with its policy's limit, so that a value planted
     * under a session key by someone with write access to the store costs the application neither
     * memory nor a transfer. The view shares everything else with this store.
     *
     * <p>The default returns this store unchanged: a store that cannot bound a read before it is
     * made (an in-memory map holds only what this library wrote) need not offer it, and the
     * manager still refuses an oversized record before opening it.
     *
     * @param maxSealedBytes at least 1
     */
    default SessionStore withValueLimit(int maxSealedBytes) {
        if (maxSealedBytes < 1) {
            throw new IllegalArgumentException("maxSealedBytes must be at least 1, but was " + maxSealedBytes);
        }
        return this;
    }

    /** Removes entries from a principal's index and prunes it as {@link #index} does. */
    void unindex(PrincipalKey principal, Collection<SessionKey> keys, Instant now);

    /**
     * The entries of a principal's index whose deadline is after {@code now}, earliest deadline
     * first. The records they name may have expired meanwhile; callers check.
     */
    List<IndexEntry> indexed(PrincipalKey principal, Instant now);
}

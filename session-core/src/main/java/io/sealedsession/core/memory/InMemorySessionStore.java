package io.sealedsession.core.memory;

import io.sealedsession.core.PrincipalCap;
import io.sealedsession.core.SessionKey;
import io.sealedsession.core.port.Admission;
import io.sealedsession.core.SessionStoreFullException;
import io.sealedsession.core.port.IndexEntry;
import io.sealedsession.core.port.PrincipalKey;
import io.sealedsession.core.port.ReplaceResult;
import io.sealedsession.core.port.SessionStore;
import io.sealedsession.core.port.StoredRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The reference {@link SessionStore}: everything in this JVM's memory, expiry measured on the given
 * clock. It is what the contract kit proves itself against, what unit tests use, and the embedded
 * default of the command-line server. Sessions do not survive a restart and are not shared between
 * processes.
 *
 * <p>Thread-safe: every operation is atomic. Expired entries are removed when touched and by
 * {@link #purgeExpired()}; the store never returns them.
 *
 * <p><b>Bounded.</b> The store holds at most {@code maxSessions} records (default
 * {@value #DEFAULT_MAX_SESSIONS}); a {@link #create} beyond that throws
 * {@link SessionStoreFullException} and writes nothing. Expired entries are swept by
 * {@link #create} itself, without a thread of its own: at most every {@value #SWEEP_INTERVAL_SECONDS}
 * seconds of the store's clock, whenever the number of records has doubled since the last sweep,
 * and before refusing a record at the limit. A store that nobody writes to keeps its expired entries
 * until the next write, but never returns them, and holds no more than it did.
 */
public final class InMemorySessionStore implements SessionStore {

    private record Entry(long version, byte[] sealed, Instant expiresAt) {}

    private record Index(Map<SessionKey, Instant> deadlines, Instant expiresAt) {}

    /** The most records a store holds unless told otherwise. */
    public static final int DEFAULT_MAX_SESSIONS = 100_000;

    /** The longest time, on the store's clock, between two sweeps while records are being created. */
    public static final long SWEEP_INTERVAL_SECONDS = 10;

    /** Below this many records a sweep is only ever due by time. */
    private static final int SWEEP_FLOOR = 1_024;

    private final Clock clock;
    private final int maxSessions;
    private final Map<SessionKey, Entry> records = new HashMap<>();
    private final Map<PrincipalKey, Index> indexes = new HashMap<>();
    private final Map<SessionKey, Lease> locks = new HashMap<>();

    private record Lease(byte[] fence, Instant expiresAt) {}

    private Instant nextSweepAt;
    private int sweepAtSize = SWEEP_FLOOR;

    /** A store whose expiry follows the system clock, holding at most {@value #DEFAULT_MAX_SESSIONS} records. */
    public InMemorySessionStore() {
        this(Clock.systemUTC());
    }

    /** A store whose expiry follows {@code clock}; tests pass a clock they can move. */
    public InMemorySessionStore(Clock clock) {
        this(clock, DEFAULT_MAX_SESSIONS);
    }

    /**
     * A store whose expiry follows {@code clock} and that holds at most {@code maxSessions} records.
     *
     * @throws IllegalArgumentException when {@code maxSessions} is less than 1
     */
    public InMemorySessionStore(Clock clock, int maxSessions) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxSessions < 1) {
            throw new IllegalArgumentException("an in-memory store holds at least 1 session, but maxSessions was " + maxSessions);
        }
        this.maxSessions = maxSessions;
        this.nextSweepAt = clock.instant().plusSeconds(SWEEP_INTERVAL_SECONDS);
    }

    /** The most records this store holds. */
    public int maxSessions() {
        return maxSessions;
    }

    /** How many records the store holds now, expired ones not yet swept included. */
    public synchronized int size() {
        return records.size();
    }

    @Override
    public synchronized Optional<StoredRecord> load(SessionKey key, @Nullable Duration touchTtl) {
        Entry entry = live(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (touchTtl != null) {
            records.put(key, new Entry(entry.version, entry.sealed, expiry(touchTtl)));
        }
        return Optional.of(new StoredRecord(entry.version, entry.sealed.clone()));
    }

    @Override
    public synchronized boolean expire(SessionKey key, Duration ttl) {
        Entry entry = live(key);
        if (entry == null) {
            return false;
        }
        records.put(key, new Entry(entry.version, entry.sealed, expiry(ttl)));
        return true;
    }

    @Override
    public synchronized boolean create(SessionKey key, byte[] sealedRecord, Duration ttl) {
        if (live(key) != null) {
            return false;
        }
        sweepIfDue();
        if (records.size() >= maxSessions) {
            purgeExpired();
            if (records.size() >= maxSessions) {
                throw new SessionStoreFullException("the in-memory session store holds " + records.size()
                        + " live sessions, its maximum (maxSessions); no new session until some expire or end");
            }
        }
        records.put(key, new Entry(1, sealedRecord.clone(), expiry(ttl)));
        return true;
    }

    @Override
    public synchronized ReplaceResult replace(SessionKey key, long expectedVersion, byte[] sealedRecord, Duration ttl) {
        Entry entry = live(key);
        if (entry == null) {
            return ReplaceResult.missing();
        }
        if (entry.version != expectedVersion) {
            return ReplaceResult.conflict(new StoredRecord(entry.version, entry.sealed.clone()));
        }
        long next = expectedVersion + 1;
        records.put(key, new Entry(next, sealedRecord.clone(), expiry(ttl)));
        return ReplaceResult.replaced(next);
    }

    @Override
    public synchronized Optional<StoredRecord> remove(SessionKey key) {
        Entry entry = live(key);
        if (entry == null) {
            return Optional.empty();
        }
        records.remove(key);
        return Optional.of(new StoredRecord(entry.version, entry.sealed.clone()));
    }

    @Override
    public boolean supportsLocks() {
        return true;
    }

    @Override
    public synchronized boolean lock(SessionKey key, byte[] fence, Duration lease) {
        if (liveLock(key) != null) {
            return false;
        }
        locks.put(key, new Lease(fence.clone(), expiry(lease)));
        return true;
    }

    @Override
    public synchronized void unlock(SessionKey key, byte[] fence) {
        Lease lease = liveLock(key);
        if (lease != null && java.util.Arrays.equals(lease.fence, fence)) {
            locks.remove(key);
        }
    }

    @Override
    public synchronized ReplaceResult replace(SessionKey key, long expectedVersion, byte[] sealedRecord, Duration ttl, byte[] fence) {
        Lease lease = liveLock(key);
        if (lease == null || !java.util.Arrays.equals(lease.fence, fence)) {
            return ReplaceResult.lockLost();
        }
        return replace(key, expectedVersion, sealedRecord, ttl);
    }

    private @Nullable Lease liveLock(SessionKey key) {
        Lease lease = locks.get(key);
        if (lease != null && !lease.expiresAt.isAfter(clock.instant())) {
            locks.remove(key);
            return null;
        }
        return lease;
    }

    @Override
    public synchronized Admission admit(PrincipalKey principal, SessionKey key, @Nullable SessionKey replacing,
            Instant deadline, Instant now, int maxSessions, PrincipalCap.AtCap atCap) {
        if (maxSessions < 1) {
            throw new IllegalArgumentException("maxSessions must be at least 1, but was " + maxSessions);
        }
        Map<SessionKey, Instant> deadlines = liveIndex(principal);
        deadlines.values().removeIf(d -> !d.isAfter(now));
        List<SessionKey> evicted = new ArrayList<>();
        if (!deadlines.containsKey(key)) {
            List<IndexEntry> others = new ArrayList<>();
            deadlines.forEach((k, d) -> {
                if (!k.equals(replacing)) {
                    others.add(new IndexEntry(k, d));
                }
            });
            int excess = others.size() - maxSessions + 1;
            if (excess > 0) {
                if (atCap == PrincipalCap.AtCap.REJECT) {
                    storeIndex(principal, deadlines, now);
                    return Admission.refused();
                }
                others.sort(Comparator.comparing(IndexEntry::deadline).thenComparing(e -> e.key().value()));
                for (IndexEntry entry : others.subList(0, excess)) {
                    deadlines.remove(entry.key());
                    evicted.add(entry.key());
                }
            }
        }
        deadlines.put(key, deadline);
        storeIndex(principal, deadlines, now);
        return new Admission(true, evicted);
    }

    @Override
    public synchronized void index(PrincipalKey principal, SessionKey key, Instant deadline, Instant now) {
        Map<SessionKey, Instant> deadlines = liveIndex(principal);
        deadlines.put(key, deadline);
        storeIndex(principal, deadlines, now);
    }

    @Override
    public synchronized void unindex(PrincipalKey principal, Collection<SessionKey> keys, Instant now) {
        Map<SessionKey, Instant> deadlines = liveIndex(principal);
        keys.forEach(deadlines::remove);
        storeIndex(principal, deadlines, now);
    }

    @Override
    public synchronized List<IndexEntry> indexed(PrincipalKey principal, Instant now) {
        List<IndexEntry> entries = new ArrayList<>();
        liveIndex(principal).forEach((key, deadline) -> {
            if (deadline.isAfter(now)) {
                entries.add(new IndexEntry(key, deadline));
            }
        });
        entries.sort(Comparator.comparing(IndexEntry::deadline).thenComparing(e -> e.key().value()));
        return entries;
    }

    /** Removes every expired record and index. */
    public synchronized void purgeExpired() {
        Instant now = clock.instant();
        records.values().removeIf(entry -> !entry.expiresAt.isAfter(now));
        locks.values().removeIf(lease -> !lease.expiresAt.isAfter(now));
        indexes.values().removeIf(index -> !index.expiresAt.isAfter(now));
        nextSweepAt = now.plusSeconds(SWEEP_INTERVAL_SECONDS);
        // Doubling keeps the cost of sweeping proportional to the records created (amortised O(1)).
        sweepAtSize = (int) Math.min(Integer.MAX_VALUE, Math.max(SWEEP_FLOOR, records.size() * 2L));
    }

    private void sweepIfDue() {
        if (records.size() >= sweepAtSize || !clock.instant().isBefore(nextSweepAt)) {
            purgeExpired();
        }
    }

    /**
     * What the store holds, for inspection by tests: live record keys and index names, in the form
     * {@code s:<key>} and {@code p:<principal key>}, with their remaining time to live and bytes
     * (the index's bytes are its session keys, one per line).
     */
    public synchronized Map<String, Item> contents() {
        purgeExpired();
        Instant now = clock.instant();
        Map<String, Item> out = new TreeMap<>();
        records.forEach((key, entry) -> out.put("s:" + key.value(),
                new Item(entry.sealed.clone(), Duration.between(now, entry.expiresAt))));
        indexes.forEach((pk, index) -> out.put("p:" + pk.value(), new Item(
                String.join("\n", index.deadlines.keySet().stream().map(SessionKey::value).sorted().toList())
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                Duration.between(now, index.expiresAt))));
        return out;
    }

    /**
     * One stored item as {@link #contents()} shows it.
     *
     * @param bytes what is stored
     * @param ttl how long until it expires
     */
    public record Item(byte[] bytes, Duration ttl) {}

    private @Nullable Entry live(SessionKey key) {
        Entry entry = records.get(key);
        if (entry != null && !entry.expiresAt.isAfter(clock.instant())) {
            records.remove(key);
            return null;
        }
        return entry;
    }

    private Map<SessionKey, Instant> liveIndex(PrincipalKey principal) {
        Index index = indexes.get(principal);
        if (index == null || !index.expiresAt.isAfter(clock.instant())) {
            indexes.remove(principal);
            return new HashMap<>();
        }
        return new HashMap<>(index.deadlines);
    }

    private void storeIndex(PrincipalKey principal, Map<SessionKey, Instant> deadlines, Instant now) {
        deadlines.values().removeIf(deadline -> !deadline.isAfter(now));
        if (deadlines.isEmpty()) {
            indexes.remove(principal);
            return;
        }
        Instant latest = deadlines.values().stream().max(Comparator.naturalOrder()).orElseThrow();
        indexes.put(principal, new Index(Map.copyOf(deadlines), latest));
    }

    private Instant expiry(Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("a time to live must be positive, but was " + ttl);
        }
        return clock.instant().plus(ttl);
    }
}

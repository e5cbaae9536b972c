package io.sealedsession.redis;

import io.sealedsession.core.PrincipalCap;
import io.sealedsession.core.SessionPolicy;
import io.sealedsession.core.SessionKey;
import io.sealedsession.core.SessionStoreUnavailableException;
import io.sealedsession.core.port.Admission;
import io.sealedsession.core.port.IndexEntry;
import io.sealedsession.core.port.OversizedRecordException;
import io.sealedsession.core.port.PrincipalKey;
import io.sealedsession.core.port.ReplaceResult;
import io.sealedsession.core.port.SessionStore;
import io.sealedsession.core.port.StoredRecord;
import io.sealedsession.redis.internal.KeySchema;
import io.sealedsession.redis.internal.LuaScript;
import io.sealedsession.redis.internal.RecordFrame;
import io.sealedsession.redis.spi.Durability;
import io.sealedsession.redis.internal.Scripts;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link SessionStore} on Redis, for any client that implements {@link RedisCommandExecutor}.
 *
 * <p><b>Layout.</b> A record lives under {@code <ns>:s:{<session key>}} as an 8-byte big-endian
 * version followed by the sealed bytes. A principal's index is the sorted set
 * {@code <ns>:p:{<principal key>}}: members are session keys, scores the sessions' absolute
 * deadlines in epoch milliseconds (instants are kept to the millisecond, truncated). The
 * namespace {@code ns} defaults to {@code "ss"}. Every key has an expiry.
 *
 * <p><b>Round trips.</b> {@link #load} is one command ({@code EVALSHA} of a read that refuses an
 * oversized value before sending it, or {@code GETEX ... PX} / {@code GET} without scripting), {@link #create} one ({@code SET NX PX}), {@link #replace} one ({@code EVALSHA} of a
 * compare-and-set script that answers a conflict with the current record), {@link #delete} one
 * ({@code UNLINK}), {@link #remove} one ({@code GETDEL}), {@link #expire} one ({@code PEXPIRE}),
 * {@link #index}, {@link #unindex} and {@link #admit} one script each, {@link #indexed} one ({@code ZRANGEBYSCORE}). The first use of each script on a
 * store, and the first after the server lost its script cache ({@code NOSCRIPT}), adds a
 * {@code SCRIPT LOAD}, and in the second case a retry. Every command touches one key, so the
 * store works on Redis Cluster.
 *
 * <p><b>Durability.</b> With {@link Builder#waitForReplicas} each write that changed something
 * ({@link #create}, {@link #replace}, {@link #delete}, {@link #index}, {@link #unindex}) is followed
 * by {@code WAIT} on the node that took it: one more round trip. When fewer replicas than asked for
 * confirm in time, the write stays applied on the master and the method throws
 * {@link RedisDurabilityException}. Off by default.
 *
 * <p><b>Without scripting</b> ({@link Builder#withoutScripting()}) replace is {@code SET XX PX}:
 * a deleted session is still never written back, but two requests that save the same session at
 * once no longer detect each other: the last writer wins. Index writes become a sequence of plain
 * commands (see {@link Builder#withoutScripting()}).
 *
 * <p><b>Commands used</b>, for an ACL user restricted to {@code ~<ns>:*}: see
 * {@link #requiredCommands(ScriptingMode)}.
 *
 * <p>Thread-safe. Never returns null; arguments must not be null. Every method throws
 * {@link SessionStoreUnavailableException} when Redis cannot be reached, times out or refuses a
 * command ({@link RedisCommandRejectedException}); a time to live that is not positive is an
 * {@link IllegalArgumentException}. {@link #close()} closes the executor.
 */
public final class RedisSessionStore implements SessionStore, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisSessionStore.class);
    /** The manager's room for the sealer's bytes above a record's encoded size. */
    private static final int DEFAULT_SEALING_ALLOWANCE = 1024;

    private final RedisCommandExecutor executor;
    private final KeySchema schema;
    private final ScriptingMode scripting;
    private final int waitReplicas;
    private final long waitTimeoutMillis;
    private final Set<String> loadedScripts;
    private final AtomicBoolean closed;
    /** The longest stored value (version prefix included) that a read or a conflict transfers. */
    private final long valueLimit;
    private final byte[] valueLimitArgument;

    private RedisSessionStore(Builder builder) {
        // Durability is the executor's, decided here once: its writes wait on their own connection.
        this.executor = builder.executor.withDurability(builder.waitReplicas == 0 ? Durability.NONE
                : new Durability(builder.waitReplicas, ttlMillis(Objects.requireNonNull(builder.waitTimeout))));
        this.loadedScripts = ConcurrentHashMap.newKeySet();
        this.closed = new AtomicBoolean();
        this.valueLimit = RecordFrame.PREFIX_LENGTH + (long) SessionPolicy.MAX_RECORD_BYTES_LIMIT + DEFAULT_SEALING_ALLOWANCE;
        this.valueLimitArgument = decimal(valueLimit);
        this.schema = new KeySchema(builder.namespace);
        this.scripting = builder.scripting;
        this.waitReplicas = builder.waitReplicas;
        this.waitTimeoutMillis = builder.waitTimeout == null ? 0 : ttlMillis(builder.waitTimeout);
        if (waitReplicas > 0) {
            LOG.info("Redis session store in namespace '{}' waits for {} replica(s), at most {} ms, after each write",
                    schema.namespace(), waitReplicas, waitTimeoutMillis);
        }
        if (scripting == ScriptingMode.NONE) {
            LOG.info("Redis session store in namespace '{}' runs without Lua scripting: a deleted session is still "
                    + "never written back, but concurrent saves of one session are last-writer-wins", schema.namespace());
        }
    }

    /** The same store (executor, scripts, closed state shared) with another value limit. */
    private RedisSessionStore(RedisSessionStore base, long valueLimit) {
        this.executor = base.executor;
        this.schema = base.schema;
        this.scripting = base.scripting;
        this.waitReplicas = base.waitReplicas;
        this.waitTimeoutMillis = base.waitTimeoutMillis;
        this.loadedScripts = base.loadedScripts;
        this.closed = base.closed;
        this.valueLimit = valueLimit;
        this.valueLimitArgument = decimal(valueLimit);
    }

    /** A builder for a store that sends its commands through {@code executor}. */
    public static Builder builder(RedisCommandExecutor executor) {
        return new Builder(executor);
    }

    /**
     * The Redis commands this store sends in the given mode, lowercase, scripts' own commands
     * included: what an ACL user needs besides access to the keys {@code ~<ns>:*}, and nothing more.
     * A client logs in with {@code AUTH}, which needs no permission; a URI that names a database
     * other than 0 also needs {@code select}.
     */
    public static List<String> requiredCommands(ScriptingMode mode) {
        return requiredCommands(mode, false);
    }

    /**
     * {@link #requiredCommands(ScriptingMode)}, plus {@code wait} when the store waits for replicas
     * ({@link Builder#waitForReplicas}). A client may need more to find its way around a deployment
     * (a Cluster client reads the slot map, for instance): each adapter documents what it sends.
     */
    public static List<String> requiredCommands(ScriptingMode mode, boolean waitForReplicas) {
        List<String> common = List.of("get", "getex", "getdel", "set", "pexpire", "unlink", "zrangebyscore");
        List<String> more = mode == ScriptingMode.SCRIPTS
                // The scripts' own calls are checked against the ACL too.
                ? List.of("evalsha", "script|load", "strlen", "zadd", "zrem", "zremrangebyscore", "zrange", "zscore", "zcard")
                : List.of("zadd", "zrem", "zremrangebyscore");
        List<String> all = new ArrayList<>(common);
        all.addAll(more);
        if (waitForReplicas) {
            all.add("wait");
        }
        return List.copyOf(all);
    }

    public String namespace() {
        return schema.namespace();
    }

    public ScriptingMode scriptingMode() {
        return scripting;
    }

    /** How many replicas must confirm each write; 0 when the store does not wait. */
    public int waitReplicas() {
        return waitReplicas;
    }

    /**
     * In scripting mode one {@code EVALSHA} of a read that checks the value's length before it
     * sends it (and before it touches its expiry): a value longer than this store's limit
     * (by default {@link SessionPolicy#MAX_RECORD_BYTES_LIMIT} and room for sealing; the session
     * manager narrows it to its policy through {@link #withValueLimit}) stays where it is and the
     * read throws {@link OversizedRecordException}. Without scripting {@code GETEX} or {@code GET}:
     * the value is transferred, then refused the same way.
     */
    @Override
    public Optional<StoredRecord> load(SessionKey key, @Nullable Duration touchTtl) {
        byte[] recordKey = schema.recordKey(key);
        byte[] value;
        if (scripting == ScriptingMode.SCRIPTS) {
            RedisReply reply = eval(Scripts.READ, recordKey,
                    List.of(touchTtl == null ? new byte[0] : decimal(ttlMillis(touchTtl)), valueLimitArgument));
            if (reply instanceof RedisReply.Int size) {
                throw new OversizedRecordException(size.value(), valueLimit);
            }
            if (reply instanceof RedisReply.Nil) {
                return Optional.empty();
            }
            if (!(reply instanceof RedisReply.Bulk bulk)) {
                throw unexpected(Scripts.READ, reply);
            }
            value = bulk.value();
        } else {
            value = touchTtl == null ? executor.get(recordKey) : executor.getex(recordKey, ttlMillis(touchTtl));
            if (value == null) {
                return Optional.empty();
            }
            if (value.length > valueLimit) {
                throw new OversizedRecordException(value.length, valueLimit);
            }
        }
        return Optional.ofNullable(decode(key, value));
    }

    /**
     * This store, refusing to transfer a value whose sealed bytes exceed {@code maxSealedBytes}
     * (see {@link #load}; a compare-and-set that meets such a value reports it as missing).
     */
    @Override
    public RedisSessionStore withValueLimit(int maxSealedBytes) {
        if (maxSealedBytes < 1) {
            throw new IllegalArgumentException("maxSealedBytes must be at least 1, but was " + maxSealedBytes);
        }
        return new RedisSessionStore(this, RecordFrame.PREFIX_LENGTH + (long) maxSealedBytes);
    }

    @Override
    public boolean expire(SessionKey key, Duration ttl) {
        return executor.pexpire(schema.recordKey(key), ttlMillis(ttl));
    }

    @Override
    public boolean create(SessionKey key, byte[] sealedRecord, Duration ttl) {
        long ttlMillis = ttlMillis(ttl);
        byte[] recordKey = schema.recordKey(key);
        boolean created = executor.setIfAbsent(recordKey, RecordFrame.encode(1, sealedRecord), ttlMillis);
        return created;
    }

    @Override
    public ReplaceResult replace(SessionKey key, long expectedVersion, byte[] sealedRecord, Duration ttl) {
        long ttlMillis = ttlMillis(ttl);
        byte[] recordKey = schema.recordKey(key);
        if (expectedVersion < 1 || expectedVersion == Long.MAX_VALUE) {
            // No record can be at such a version, or it has no successor: nothing to write, only
            // to say what is there.
            byte[] value = executor.get(recordKey);
            return value == null ? ReplaceResult.missing() : ReplaceResult.conflict(decode(key, value));
        }
        long next = expectedVersion + 1;
        byte[] newValue = RecordFrame.encode(next, sealedRecord);
        if (scripting == ScriptingMode.NONE) {
            if (!executor.setIfPresent(recordKey, newValue, ttlMillis)) {
                return ReplaceResult.missing();
            }
            return ReplaceResult.replaced(next);
        }
        RedisReply reply = eval(Scripts.REPLACE, recordKey,
                List.of(RecordFrame.versionPrefix(expectedVersion), newValue, decimal(ttlMillis), valueLimitArgument));
        return replaced(Scripts.REPLACE, key, recordKey, next, reply);
    }

    /** What a compare-and-set script's reply means: 1 written, 0 missing, the current value on a conflict. */
    private ReplaceResult replaced(LuaScript script, SessionKey key, byte[] recordKey, long next, RedisReply reply) {
        if (reply instanceof RedisReply.Int number && number.value() == 1) {
            return ReplaceResult.replaced(next);
        }
        if (reply instanceof RedisReply.Int number && (number.value() == 0 || number.value() == -2)) {
            if (number.value() == -2) {
                LOG.warn("a value longer than {} bytes sits under session {}… in namespace '{}': not a record of this library; "
                        + "treated as no session", valueLimit, key.fingerprint(), schema.namespace());
            }
            return ReplaceResult.missing();
        }
        if (reply instanceof RedisReply.Bulk current) {
            return ReplaceResult.conflict(decode(key, current.value()));
        }
        throw unexpected(script, reply);
    }

    @Override
    public Optional<StoredRecord> remove(SessionKey key) {
        byte[] recordKey = schema.recordKey(key);
        byte[] value = executor.getdel(recordKey);
        if (value == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(decode(key, value));
    }

    @Override
    public Admission admit(PrincipalKey principal, SessionKey key, @Nullable SessionKey replacing, Instant deadline,
            Instant now, int maxSessions, PrincipalCap.AtCap atCap) {
        if (maxSessions < 1) {
            throw new IllegalArgumentException("maxSessions must be at least 1, but was " + maxSessions);
        }
        byte[] indexKey = schema.indexKey(principal);
        byte[] member = KeySchema.indexMember(key);
        byte[] replaced = replacing == null ? new byte[0] : KeySchema.indexMember(replacing);
        long nowMillis = now.toEpochMilli();
        if (scripting == ScriptingMode.NONE) {
            return admitWithoutScripting(indexKey, member, replaced, deadline.toEpochMilli(), nowMillis, maxSessions, atCap);
        }
        RedisReply reply = eval(Scripts.ADMIT, indexKey, List.of(decimal(nowMillis), decimal(deadline.toEpochMilli()), member,
                decimal(maxSessions), (atCap == PrincipalCap.AtCap.EVICT_OLDEST ? "evict" : "reject").getBytes(StandardCharsets.US_ASCII),
                replaced));
        if (!(reply instanceof RedisReply.Multi multi) || multi.items().isEmpty()
                || !(multi.items().get(0) instanceof RedisReply.Int admitted)) {
            throw unexpected(Scripts.ADMIT, reply);
        }
        if (admitted.value() == 0) {
            return Admission.refused();
        }
        List<SessionKey> evicted = new ArrayList<>();
        for (RedisReply item : multi.items().subList(1, multi.items().size())) {
            if (item instanceof RedisReply.Bulk bulk) {
                sessionKeyOf(bulk.value()).ifPresent(evicted::add);
            }
        }
        return new Admission(true, evicted);
    }

    /*
     * Without scripts the admission is a sequence of commands, and two sign-ins that run at the
     * same moment can both pass the count: the cap is then a bound that holds once sign-ins have
     * settled, not at every instant. Documented with the mode.
     */
    private Admission admitWithoutScripting(byte[] indexKey, byte[] member, byte[] replacing, long deadlineMillis,
            long nowMillis, int maxSessions, PrincipalCap.AtCap atCap) {
        executor.zremrangebyscore(indexKey, nowMillis);
        List<ScoredMember> live = executor.zrangebyscore(indexKey, nowMillis);
        List<byte[]> others = new ArrayList<>();
        boolean present = false;
        for (ScoredMember entry : live) {
            if (java.util.Arrays.equals(entry.member(), member)) {
                present = true;
            } else if (!java.util.Arrays.equals(entry.member(), replacing)) {
                others.add(entry.member());
            }
        }
        List<SessionKey> evicted = new ArrayList<>();
        int excess = present ? 0 : others.size() - maxSessions + 1;
        if (excess > 0) {
            if (atCap == PrincipalCap.AtCap.REJECT) {
                return Admission.refused();
            }
            List<byte[]> removed = others.subList(0, excess);
            executor.zrem(indexKey, removed);
            removed.forEach(bytes -> sessionKeyOf(bytes).ifPresent(evicted::add));
        }
        executor.zadd(indexKey, deadlineMillis, member);
        pruneAndExpireWithoutScripting(indexKey, nowMillis, true);
        return new Admission(true, evicted);
    }

    private Optional<SessionKey> sessionKeyOf(byte[] member) {
        try {
            return Optional.of(new SessionKey(new String(member, StandardCharsets.US_ASCII)));
        } catch (IllegalArgumentException notAKey) {
            LOG.warn("skipped a member of {} bytes in a principal index of namespace '{}' that is not a session key",
                    member.length, schema.namespace());
            return Optional.empty();
        }
    }

    /** True in scripting mode: a fenced write needs a script. */
    @Override
    public boolean supportsLocks() {
        return scripting == ScriptingMode.SCRIPTS;
    }

    /** {@code SET <ns>:l:{key} fence NX PX lease}. */
    @Override
    public boolean lock(SessionKey key, byte[] fence, Duration lease) {
        requireLocks();
        byte[] lockKey = schema.lockKey(key);
        boolean taken = executor.setIfAbsent(lockKey, fence, ttlMillis(lease));
        return taken;
    }

    @Override
    public void unlock(SessionKey key, byte[] fence) {
        requireLocks();
        byte[] lockKey = schema.lockKey(key);
        eval(Scripts.UNLOCK, List.of(lockKey), List.of(fence));
    }

    @Override
    public ReplaceResult replace(SessionKey key, long expectedVersion, byte[] sealedRecord, Duration ttl, byte[] fence) {
        requireLocks();
        long ttlMillis = ttlMillis(ttl);
        byte[] recordKey = schema.recordKey(key);
        if (expectedVersion < 1 || expectedVersion == Long.MAX_VALUE) {
            return replace(key, expectedVersion, sealedRecord, ttl);
        }
        long next = expectedVersion + 1;
        RedisReply reply = eval(Scripts.REPLACE_FENCED, List.of(recordKey, schema.lockKey(key)),
                List.of(RecordFrame.versionPrefix(expectedVersion), RecordFrame.encode(next, sealedRecord), decimal(ttlMillis),
                        valueLimitArgument, fence));
        if (reply instanceof RedisReply.Int number && number.value() == -1) {
            return ReplaceResult.lockLost();
        }
        return replaced(Scripts.REPLACE_FENCED, key, recordKey, next, reply);
    }

    private void requireLocks() {
        if (scripting != ScriptingMode.SCRIPTS) {
            throw new UnsupportedOperationException("the session lock needs scripting: a fenced write is a script");
        }
    }

    @Override
    public boolean delete(SessionKey key) {
        byte[] recordKey = schema.recordKey(key);
        boolean deleted = executor.unlink(recordKey) > 0;
        return deleted;
    }

    @Override
    public void index(PrincipalKey principal, SessionKey key, Instant deadline, Instant now) {
        byte[] indexKey = schema.indexKey(principal);
        byte[] member = KeySchema.indexMember(key);
        long nowMillis = now.toEpochMilli();
        long deadlineMillis = deadline.toEpochMilli();
        if (scripting == ScriptingMode.SCRIPTS) {
            eval(Scripts.INDEX, indexKey, List.of(decimal(nowMillis), decimal(deadlineMillis), member));
        } else {
            executor.zadd(indexKey, deadlineMillis, member);
            pruneAndExpireWithoutScripting(indexKey, nowMillis, true);
        }
    }

    @Override
    public void unindex(PrincipalKey principal, Collection<SessionKey> keys, Instant now) {
        byte[] indexKey = schema.indexKey(principal);
        long nowMillis = now.toEpochMilli();
        List<byte[]> members = new ArrayList<>(keys.size());
        for (SessionKey key : keys) {
            members.add(KeySchema.indexMember(key));
        }
        if (scripting == ScriptingMode.SCRIPTS) {
            List<byte[]> args = new ArrayList<>(members.size() + 1);
            args.add(decimal(nowMillis));
            args.addAll(members);
            eval(Scripts.UNINDEX, indexKey, args);
        } else {
            if (!members.isEmpty()) {
                executor.zrem(indexKey, members);
            }
            pruneAndExpireWithoutScripting(indexKey, nowMillis, false);
        }
    }

    @Override
    public List<IndexEntry> indexed(PrincipalKey principal, Instant now) {
        List<ScoredMember> members = executor.zrangebyscore(schema.indexKey(principal), now.toEpochMilli());
        List<IndexEntry> entries = new ArrayList<>(members.size());
        for (ScoredMember member : members) {
            // Only something other than this library writes members that are not keys; they name no session.
            sessionKeyOf(member.member()).ifPresent(key -> entries.add(new IndexEntry(key, Instant.ofEpochMilli((long) member.score()))));
        }
        return entries;
    }

    /** Closes the executor, which releases what it opened. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            executor.close();
        }
    }

    @Override
    public String toString() {
        return "RedisSessionStore[namespace=" + schema.namespace() + ", scripting=" + scripting + ", " + executor + "]";
    }

    /*
     * Without scripts the index is maintained by separate commands, and another writer may run
     * between them. The expiry is therefore only ever set where there was none (NX) or raised (GT):
     * each writer makes the index live at least until the latest deadline it saw, and no writer
     * can shorten the life another one gave it. The price is an index that may outlive its last
     * entry's deadline after an unindex; its entries are still pruned by score. A writer that dies
     * between ZADD and the first PEXPIRE leaves an index without expiry until the next index
     * write of that principal gives it one.
     */
    private void pruneAndExpireWithoutScripting(byte[] indexKey, long nowMillis, boolean mayRaise) {
        executor.zremrangebyscore(indexKey, nowMillis);
        List<ScoredMember> live = executor.zrangebyscore(indexKey, nowMillis);
        if (live.isEmpty()) {
            return; // Redis deleted the sorted set when it became empty.
        }
        long ttl = Math.max(1, (long) live.get(live.size() - 1).score() - nowMillis);
        executor.pexpire(indexKey, ttl, ExpiryCondition.IF_NONE);
        if (mayRaise) {
            executor.pexpire(indexKey, ttl, ExpiryCondition.IF_LATER);
        }
    }

    private RedisReply eval(LuaScript script, byte[] key, List<byte[]> args) {
        return eval(script, List.of(key), args);
    }

    private RedisReply eval(LuaScript script, List<byte[]> keys, List<byte[]> args) {
        if (!loadedScripts.contains(script.sha1())) {
            load(script);
        }
        try {
            return evalsha(script, keys, args);
        } catch (RedisScriptNotLoadedException flushed) {
            // The server lost its script cache (restart, failover, SCRIPT FLUSH): load and retry once.
            LOG.debug("Redis no longer had the '{}' script; loading it again", script.name());
            load(script);
            try {
                return evalsha(script, keys, args);
            } catch (RedisScriptNotLoadedException again) {
                throw new SessionStoreUnavailableException("Redis lost the '" + script.name()
                        + "' script again right after loading it: a node that could not take it is back, or a failover "
                        + "or a flushed script cache intervened; retry", again);
            }
        }
    }

    private RedisReply evalsha(LuaScript script, List<byte[]> keys, List<byte[]> args) {
        return script.writes() ? executor.evalsha(script.sha1(), keys, args)
                : executor.evalshaWithoutWait(script.sha1(), keys, args);
    }

    private void load(LuaScript script) {
        String sha1 = executor.scriptLoad(script.sourceBytes());
        if (!script.sha1().equalsIgnoreCase(sha1)) {
            throw new SessionStoreUnavailableException("Redis filed the '" + script.name() + "' script under SHA-1 "
                    + sha1 + " instead of " + script.sha1() + "; is this a Redis-compatible server?");
        }
        loadedScripts.add(script.sha1());
    }

    private @Nullable StoredRecord decode(SessionKey key, byte[] value) {
        StoredRecord record = RecordFrame.decode(value);
        if (record == null) {
            // Not written by this library (or damaged): it names no session, like a record that
            // fails to open. Reported without the key beyond its fingerprint.
            LOG.warn("value of {} bytes under session {}… in namespace '{}' is not a versioned record; treated as no session",
                    value.length, key.fingerprint(), schema.namespace());
        }
        return record;
    }

    private static SessionStoreUnavailableException unexpected(LuaScript script, RedisReply reply) {
        return new SessionStoreUnavailableException("the '" + script.name() + "' script answered " + reply
                + ", which it never sends; is another program running scripts under this SHA-1?");
    }

    private static byte[] decimal(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }

    /** Milliseconds for PX, rounded up so that a positive duration never becomes 0 (which Redis refuses). */
    static long ttlMillis(Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("a time to live must be positive, but was " + ttl);
        }
        try {
            long millis = ttl.toMillis();
            return ttl.equals(Duration.ofMillis(millis)) ? millis : millis + 1;
        } catch (ArithmeticException tooLong) {
            throw new IllegalArgumentException("a time to live must fit in milliseconds, but was " + ttl, tooLong);
        }
    }

    /**
     * Builds a {@link RedisSessionStore}. Defaults: namespace {@code "ss"}, scripting on.
     * Not thread-safe; {@link #build()} may be called more than once.
     */
    public static final class Builder {

        private final RedisCommandExecutor executor;
        private String namespace = "ss";
        private ScriptingMode scripting = ScriptingMode.SCRIPTS;
        private int waitReplicas;
        private @Nullable Duration waitTimeout;

        private Builder(RedisCommandExecutor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
        }

        /**
         * The prefix of every key, so that several applications can share one Redis. Default
         * {@code "ss"}.
         *
         * @param namespace 1 to 64 characters from {@code [A-Za-z0-9._-]}
         */
        public Builder namespace(String namespace) {
            this.namespace = KeySchema.requireValidNamespace(namespace);
            return this;
        }

        /** Default {@link ScriptingMode#SCRIPTS}. */
        public Builder scripting(ScriptingMode mode) {
            this.scripting = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * For servers whose ACL denies {@code EVALSHA}: plain commands only.
         *
         * <ul>
         *   <li>replace is {@code SET XX PX}: a deleted session is never written back, but
         *       concurrent saves of one session are last-writer-wins (a change may be lost);</li>
         *   <li>a replace never reports a conflict, so it never returns the current record;</li>
         *   <li>index writes are sequential commands ({@code ZADD}/{@code ZREM},
         *       {@code ZREMRANGEBYSCORE}, {@code ZRANGEBYSCORE}, {@code PEXPIRE NX} and, when
         *       adding, {@code PEXPIRE GT}), up to 5 round trips instead of 1, which need
         *       Redis 7.0; the index's expiry is only ever raised, never lowered.</li>
         * </ul>
         *
         * The choice is logged at INFO when the store is built.
         */
        public Builder withoutScripting() {
            return scripting(ScriptingMode.NONE);
        }

        /**
         * After each write, wait until {@code replicas} replicas confirmed it, at most
         * {@code timeout}; see {@link RedisStoreConfig.Builder#waitForReplicas} for the guarantees
         * and the cost. The timeout must be shorter than the executor's command timeout. Default:
         * no waiting.
         */
        public Builder waitForReplicas(int replicas, Duration timeout) {
            if (replicas < 1) {
                throw new IllegalArgumentException("the number of replicas to wait for is at least 1, but was " + replicas);
            }
            ttlMillis(timeout); // positive and representable
            this.waitReplicas = replicas;
            this.waitTimeout = timeout;
            return this;
        }

        /**
         * Takes namespace, scripting mode and durability from a configuration: what a
         * {@link RedisClientProvider} calls, so that no adapter forgets a setting.
         */
        public Builder config(RedisStoreConfig config) {
            namespace(config.namespace());
            scripting(config.scripting());
            if (config.waitReplicas() > 0) {
                waitForReplicas(config.waitReplicas(), config.waitTimeout());
            } else {
                this.waitReplicas = 0;
                this.waitTimeout = null;
            }
            return this;
        }

        public RedisSessionStore build() {
            return new RedisSessionStore(this);
        }
    }
}

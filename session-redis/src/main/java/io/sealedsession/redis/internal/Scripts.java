package io.sealedsession.redis.internal;

/**
 * The Lua scripts of the layout. Each touches exactly one key, declared in {@code KEYS}, so each
 * runs on Redis Cluster and under an ACL that restricts keys to the namespace.
 */
public final class Scripts {

    /**
     * A bounded read. KEYS[1] the record key; ARGV[1] the time to live to set in milliseconds, or
     * an empty string to leave it; ARGV[2] the longest value that may be transferred.
     *
     * <p>Replies nil when there is no record, the value when it is no longer than the limit (after
     * setting its time to live, as {@code GETEX PX} does), and the value's length as an integer
     * when it is longer: then nothing is transferred and the time to live stays as it was.
     * {@code STRLEN} answers from the string's header, so the check costs no copy.
     */
    public static final LuaScript READ = LuaScript.reading("read", """
            local size = redis.call('STRLEN', KEYS[1])
            if size > tonumber(ARGV[2]) then
              return size
            end
            if ARGV[1] == '' then
              return redis.call('GET', KEYS[1])
            end
            return redis.call('GETEX', KEYS[1], 'PX', ARGV[1])
            """);

    /* The body of both compare-and-set scripts: KEYS[1] the record, ARGV[1..4] as REPLACE says. */
    private static final String COMPARE_AND_SET = """
            local current = redis.call('GET', KEYS[1])
            if not current then
              return 0
            end
            if string.sub(current, 1, 8) ~= ARGV[1] then
              if #current > tonumber(ARGV[4]) then
                return -2
              end
              return current
            end
            redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
            return 1
            """;

    /**
     * Compare-and-set of a record. KEYS[1] the record key; ARGV[1] the expected 8-byte version
     * prefix; ARGV[2] the new value (its prefix already the next version); ARGV[3] the time to live
     * in milliseconds; ARGV[4] the longest current value that may be sent back on a conflict.
     *
     * <p>Replies 0 when there is no record (and writes nothing: a late request must not bring back
     * a deleted session), the current value as a bulk reply when its version differs (so the caller
     * can merge without another round trip), -2 instead when that value is longer than ARGV[4]
     * (nothing written, nothing sent: no record of this library is that long), and 1 when it
     * replaced the record. The new version is
     * not returned: the caller chose it, and Lua 5.1 numbers are doubles that could not carry every
     * 64-bit version exactly anyway.
     */
    public static final LuaScript REPLACE = LuaScript.of("replace", Scripts.COMPARE_AND_SET);

    /*
     * Shared tail of the index scripts: drop entries whose deadline is not after now, then let the
     * index expire with its latest deadline. Redis deletes a sorted set that becomes empty, so an
     * index without live entries disappears by itself. Scores are whole epoch milliseconds of the
     * application's clock; the expiry is set relative to the application's now (PEXPIRE, not
     * PEXPIREAT), so a clock difference between application and Redis cannot end an index before
     * its sessions. string.format turns the difference back into an integer whatever notation the
     * server used to print the score.
     */
    private static final String PRUNE_AND_EXPIRE = """
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
            local latest = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
            if #latest == 0 then
              return 0
            end
            redis.call('PEXPIRE', KEYS[1], string.format('%.0f', tonumber(latest[2]) - tonumber(ARGV[1])))
            return 1
            """;

    /**
     * Adds or updates one index entry. KEYS[1] the index key; ARGV[1] now in epoch milliseconds;
     * ARGV[2] the session's deadline in epoch milliseconds; ARGV[3] the session key. Replies 1 when
     * the index holds live entries afterwards, 0 when it is gone.
     */
    public static final LuaScript INDEX = LuaScript.of("index", """
            redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
            """ + PRUNE_AND_EXPIRE);

    /**
     * Removes index entries. KEYS[1] the index key; ARGV[1] now in epoch milliseconds; ARGV[2...]
     * the session keys to remove (none is allowed: then it only prunes). Members are removed in
     * chunks to stay far below Lua's limit on unpacked values. Replies as {@link #INDEX}.
     */
    public static final LuaScript UNINDEX = LuaScript.of("unindex", """
            for i = 2, #ARGV, 500 do
              redis.call('ZREM', KEYS[1], unpack(ARGV, i, math.min(i + 499, #ARGV)))
            end
            """ + PRUNE_AND_EXPIRE);

    /**
     * Admits a session into a principal's index under a cap, atomically. KEYS[1] the index key;
     * ARGV[1] now in epoch milliseconds; ARGV[2] the session's deadline; ARGV[3] the session key;
     * ARGV[4] the cap; ARGV[5] {@code evict} or {@code reject}; ARGV[6] the key the session is
     * rotating away from, which does not count, or an empty string.
     *
     * <p>Prunes entries past their deadline, then counts the others. At the cap it replies
     * {@code {0}} under {@code reject} and writes nothing more; under {@code evict} it removes the
     * entries with the earliest deadlines (ties by key) that would exceed the cap. It then adds the
     * session and lets the index expire with its latest deadline, and replies {@code {1, evicted...}}.
     * A session already in the index is admitted again without counting.
     */
    public static final LuaScript ADMIT = LuaScript.of("admit", """
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
            local reply = {1}
            if not redis.call('ZSCORE', KEYS[1], ARGV[3]) then
              local others = redis.call('ZCARD', KEYS[1])
              local replacing = ARGV[6] ~= '' and redis.call('ZSCORE', KEYS[1], ARGV[6])
              if replacing then
                others = others - 1
              end
              local excess = others - tonumber(ARGV[4]) + 1
              if excess > 0 then
                if ARGV[5] ~= 'evict' then
                  return {0}
                end
                local candidates = redis.call('ZRANGE', KEYS[1], 0, excess)
                for _, member in ipairs(candidates) do
                  if #reply <= excess and member ~= ARGV[6] then
                    reply[#reply + 1] = member
                  end
                end
                if #reply > 1 then
                  redis.call('ZREM', KEYS[1], unpack(reply, 2))
                end
              end
            end
            redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
            local latest = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
            redis.call('PEXPIRE', KEYS[1], string.format('%.0f', math.max(1, tonumber(latest[2]) - tonumber(ARGV[1]))))
            return reply
            """);

    /**
     * {@link #REPLACE}, only while the session's lock holds the caller's fence. KEYS[1] the record
     * key; KEYS[2] its lock key (same slot); ARGV as {@link #REPLACE}, then ARGV[5] the fence.
     * Replies -1 when the lock is not held with that fence (nothing written), otherwise as
     * {@link #REPLACE}.
     */
    public static final LuaScript REPLACE_FENCED = LuaScript.of("replace-fenced", """
            if redis.call('GET', KEYS[2]) ~= ARGV[5] then
              return -1
            end
            """ + COMPARE_AND_SET);

    /** Releases a session's lock if it still holds the caller's fence. KEYS[1] the lock key; ARGV[1] the fence. */
    public static final LuaScript UNLOCK = LuaScript.of("unlock", """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('UNLINK', KEYS[1])
            end
            return 0
            """);

    private Scripts() {}
}

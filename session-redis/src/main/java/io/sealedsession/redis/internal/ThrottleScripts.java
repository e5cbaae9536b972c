package io.sealedsession.redis.internal;

/**
 * The sign-in throttle's one Lua script; kept apart from the session layout's {@link Scripts}. It
 * touches one key, declared in {@code KEYS}, so it runs on Redis Cluster and under an ACL that
 * restricts keys to the namespace, with the commands the session store already needs.
 */
public final class ThrottleScripts {

    /**
     * Counts one failure. KEYS[1] the count's key, whose value is {@code <failures>:<locked until,
     * epoch ms or 0>}; ARGV[1] now (epoch ms, the application's clock); ARGV[2] the failures that
     * start a lockout; ARGV[3] the window in ms (the first lockout, and how long a count lasts after
     * its lock); ARGV[4] the longest lockout in ms.
     *
     * <p>The lockout is the window, doubled for each failure past the limit, at most the longest
     * lockout: the same rule as {@code ThrottlePolicy.lockoutAfter}. The count's time to live is the
     * lockout plus the window, set relative to the application's now (not PEXPIREAT, which Redis
     * would read on its own clock). Replies {@code {failures, lockedUntil}}; both fit a double
     * exactly.
     */
    public static final LuaScript COUNT_FAILURE = LuaScript.of("count-failure", """
            local failures = 0
            local current = redis.call('GET', KEYS[1])
            if current then
              failures = tonumber(string.match(current, '^(%d+):')) or 0
            end
            failures = failures + 1
            local now = tonumber(ARGV[1])
            local limit = tonumber(ARGV[2])
            local window = tonumber(ARGV[3])
            local longest = tonumber(ARGV[4])
            local lockout = 0
            if failures >= limit then
              lockout = window
              local extra = failures - limit
              while extra > 0 and lockout < longest do
                lockout = lockout * 2
                extra = extra - 1
              end
              if lockout > longest then
                lockout = longest
              end
            end
            local lockedUntil = 0
            if lockout > 0 then
              lockedUntil = now + lockout
            end
            redis.call('SET', KEYS[1], string.format('%.0f:%.0f', failures, lockedUntil),
                'PX', string.format('%.0f', lockout + window))
            return {failures, lockedUntil}
            """);

    private ThrottleScripts() {}
}

package io.sealedsession.redis;

import io.sealedsession.core.LoggingSessionEventListener;
import io.sealedsession.core.SessionStoreUnavailableException;
import io.sealedsession.core.port.SessionEventListener;
import io.sealedsession.core.port.SessionSealer;
import io.sealedsession.core.throttle.CountingSignInThrottle;
import io.sealedsession.core.throttle.ThrottlePolicy;
import io.sealedsession.redis.internal.KeySchema;
import io.sealedsession.redis.internal.LuaScript;
import io.sealedsession.redis.internal.ThrottleScripts;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * A {@link io.sealedsession.core.throttle.SignInThrottle} whose counts live in Redis, so that every
 * instance of an application that shares the Redis shares the limit: five failures spread over
 * three instances lock the account as five failures on one do.
 *
 * <p><b>Layout.</b> One string per account and one per client address, under
 * {@code <ns>:t:{<PRF>}}, where the PRF is the sealer's keyed {@link SessionSealer#principalKey}
 * of a name that says what it counts ({@code sign-in-throttle/account/<name>} or
 * {@code sign-in-throttle/address/<address>}): neither the account name nor the address is in
 * Redis in clear, and a guess cannot be checked against a key without the keyring. The value is
 * {@code <failures>:<locked until, epoch ms>}; every key has a time to live (the lockout plus the
 * policy's window), so nothing is kept forever. The namespace is the session store's, so an ACL
 * user restricted to {@code ~<ns>:*} reaches these keys too.
 *
 * <p><b>Commands.</b> {@link #check} is two {@code GET}s (account and address live in different
 * slots, so one {@code MGET} would not do on a Cluster); {@link #failed} two {@code EVALSHA} of one
 * script that counts atomically (its own commands: {@code GET}, {@code SET}); {@link #succeeded}
 * one {@code UNLINK}. The first use, and the first after Redis lost its script cache, adds a
 * {@code SCRIPT LOAD}. These are all commands the session store needs already
 * ({@link RedisSessionStore#requiredCommands} with {@link ScriptingMode#SCRIPTS}); the throttle
 * needs scripting, so a server whose ACL denies {@code EVALSHA} cannot run it.
 *
 * <p>Times are the application's clock (as the index's are, see decision 13). Thread-safe.
 * Every method throws {@link SessionStoreUnavailableException} when Redis cannot be reached or
 * refuses a command; a caller must then refuse the sign-in, never let it through unchecked. The
 * throttle does not close the executor: whoever opened it does.
 */
public final class RedisSignInThrottle extends CountingSignInThrottle {

    private static final String ACCOUNT = "sign-in-throttle/account/";
    private static final String ADDRESS = "sign-in-throttle/address/";

    private final RedisCommandExecutor executor;
    private final SessionSealer sealer;
    private final String namespace;
    private final AtomicBoolean scriptLoaded = new AtomicBoolean();

    private RedisSignInThrottle(Builder builder) {
        super(builder.policy, builder.clock, builder.listener);
        this.executor = builder.executor;
        this.sealer = builder.sealer;
        this.namespace = builder.namespace;
    }

    /**
     * A builder for a throttle that sends its commands through {@code executor} and names its keys
     * with {@code sealer}'s keyed PRF (use the session manager's sealer).
     */
    public static Builder builder(RedisCommandExecutor executor, SessionSealer sealer) {
        return new Builder(executor, sealer);
    }

    /** The Redis key of one count; for tests and operators who need to find it. */
    public byte[] keyOf(Kind kind, String value) {
        String prefix = kind == Kind.ACCOUNT ? ACCOUNT : ADDRESS;
        return (namespace + ":t:{" + sealer.principalKey(prefix + value).value() + "}").getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    protected @Nullable Instant lockedUntil(Kind kind, String value, Instant now) {
        byte[] stored = executor.get(keyOf(kind, value));
        if (stored == null) {
            return null;
        }
        String text = new String(stored, StandardCharsets.US_ASCII);
        int colon = text.indexOf(':');
        try {
            long until = Long.parseLong(text.substring(colon + 1));
            return until == 0 ? null : Instant.ofEpochMilli(until);
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            // Not written by this throttle. Refusing would let whoever writes to Redis lock anyone
            // out; ignoring it only loses a count that was never ours.
            return null;
        }
    }

    @Override
    protected Counted countFailure(Kind kind, String value, Instant now) {
        ThrottlePolicy policy = policy();
        RedisReply reply = evalCountFailure(keyOf(kind, value), List.of(
                decimal(now.toEpochMilli()),
                decimal(policy.maxFailures()),
                decimal(policy.window().toMillis()),
                decimal(policy.maxLockout().toMillis())));
        if (reply instanceof RedisReply.Multi multi && multi.items().size() == 2
                && multi.items().get(0) instanceof RedisReply.Int failures
                && multi.items().get(1) instanceof RedisReply.Int lockedUntil) {
            return new Counted(kind, failures.value(), lockedUntil.value() == 0 ? null : Instant.ofEpochMilli(lockedUntil.value()));
        }
        throw new SessionStoreUnavailableException("the '" + ThrottleScripts.COUNT_FAILURE.name() + "' script answered "
                + reply + ", which it never sends; is another program running scripts under this SHA-1?");
    }

    @Override
    protected void clear(Kind kind, String value) {
        executor.unlink(keyOf(kind, value));
    }

    private RedisReply evalCountFailure(byte[] key, List<byte[]> args) {
        LuaScript script = ThrottleScripts.COUNT_FAILURE;
        if (!scriptLoaded.get()) {
            load(script);
        }
        try {
            return executor.evalsha(script.sha1(), List.of(key), args);
        } catch (RedisScriptNotLoadedException flushed) {
            load(script);
            try {
                return executor.evalsha(script.sha1(), List.of(key), args);
            } catch (RedisScriptNotLoadedException again) {
                throw new SessionStoreUnavailableException("Redis lost the '" + script.name()
                        + "' script again right after loading it; retry", again);
            }
        }
    }

    private void load(LuaScript script) {
        String sha1 = executor.scriptLoad(script.sourceBytes());
        if (!script.sha1().equalsIgnoreCase(sha1)) {
            throw new SessionStoreUnavailableException("Redis filed the '" + script.name() + "' script under SHA-1 "
                    + sha1 + " instead of " + script.sha1() + "; is this a Redis-compatible server?");
        }
        scriptLoaded.set(true);
    }

    private static byte[] decimal(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return "RedisSignInThrottle[namespace=" + namespace + ", " + policy() + "]";
    }

    /**
     * Builds a {@link RedisSignInThrottle}. Defaults: namespace {@code "ss"} (use the session
     * store's), {@link ThrottlePolicy#ofDefaults()}, the system clock, audit events to
     * {@link LoggingSessionEventListener}.
     */
    public static final class Builder {
        private final RedisCommandExecutor executor;
        private final SessionSealer sealer;
        private String namespace = "ss";
        private ThrottlePolicy policy = ThrottlePolicy.ofDefaults();
        private Clock clock = Clock.systemUTC();
        private SessionEventListener listener = new LoggingSessionEventListener();

        private Builder(RedisCommandExecutor executor, SessionSealer sealer) {
            this.executor = Objects.requireNonNull(executor, "executor");
            this.sealer = Objects.requireNonNull(sealer, "sealer");
        }

        /** @param namespace 1 to 64 characters from {@code [A-Za-z0-9._-]}, as for the store */
        public Builder namespace(String namespace) {
            this.namespace = KeySchema.requireValidNamespace(namespace);
            return this;
        }

        public Builder policy(ThrottlePolicy value) {
            this.policy = Objects.requireNonNull(value, "policy");
            return this;
        }

        /** The clock lockouts are measured on; every instance sharing the Redis should agree on it. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        public Builder eventListener(SessionEventListener value) {
            this.listener = Objects.requireNonNull(value, "eventListener");
            return this;
        }

        public RedisSignInThrottle build() {
            return new RedisSignInThrottle(this);
        }
    }
}

package io.sealedsession.redis;

import io.sealedsession.core.SessionInfo;
import io.sealedsession.core.SessionKey;
import io.sealedsession.core.SessionStoreUnavailableException;
import io.sealedsession.core.port.SessionExpiryListener;
import io.sealedsession.redis.internal.KeySchema;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opt-in: tells the application when Redis expired a session (its time to live ran out), through
 * Redis keyspace notifications.
 *
 * <pre>{@code
 * RedisCommandExecutor executor = RedisSessionStores.openExecutor(config);  // its own connections
 * RedisExpiryWatcher watcher = RedisExpiryWatcher.start(executor, config.namespace(),
 *         handle -> log.info("session {} expired", handle));
 * ...
 * watcher.close();
 * executor.close();
 * }</pre>
 *
 * <p>What it guarantees:
 * <ul>
 *   <li>It listens on every master ({@link RedisKeyspaceSubscriber}) and again after reconnects,
 *       failovers and changes of the Cluster's masters.</li>
 *   <li>Every instance may run one: for each expired record, each instance that hears of it tries
 *       {@code SET <ns>:e:{<key>} 1 NX PX <claim ttl>} in the record's slot, and only the one that
 *       sets it calls the listener. So the listener runs once in total, whatever the number of
 *       instances, as long as the claim outlives the spread of the notification's delivery (default
 *       claim: 10 minutes; a session key is never used again, so a longer claim changes nothing
 *       but memory).</li>
 *   <li>The listener runs on the watcher's own thread, never on the client's, with the session's
 *       handle ({@link SessionInfo#handleOf}); no token or key leaves the watcher.</li>
 * </ul>
 *
 * <p>What it does not guarantee (Redis notifications are fire-and-forget):
 * <ul>
 *   <li>Expiries while no instance is subscribed (every instance down, a subscription being
 *       re-established after a reconnect or failover, a master that dies before publishing) are
 *       never reported. Nothing replays them.</li>
 *   <li>Redis reports an expiry when it removes the key: when a client touches it, or when its
 *       background cycle finds it, which may be some time after the time to live ran out.</li>
 *   <li>An expired record is what the watcher sees. A rotation leaves a tombstone under the old key
 *       (with the session's time to live at the rotation, see {@code docs/lifecycle.md}); when that
 *       tombstone expires, the watcher reports the old handle too. The store cannot tell a
 *       tombstone from a session by its name, and the value is gone by then: listeners must
 *       accept a report for a handle that had already moved on at a sign-in or renewal.</li>
 *   <li>A claim that cannot be written (Redis unreachable or refusing, often a master promoted a
 *       moment ago that the client does not know yet) is tried again four times over 3.75 s; an
 *       expiry whose claim still fails is not reported, and a warning says so.</li>
 *   <li>Sessions ended by a request (sign-out, revocation, cap eviction) are not reported here;
 *       their events come from the manager.</li>
 * </ul>
 *
 * <p>Needs {@code notify-keyspace-events} to contain {@code E} and {@code x} (for example
 * {@code Ex}); {@link #start} warns when it can read the setting and it lacks them, and
 * {@code session-cli doctor --expiry-watcher} checks it. An ACL user for the watcher needs
 * {@code +subscribe}, {@code &__keyevent@<db>__:expired} and {@code +set} on {@code ~<ns>:*}.
 *
 * <p>Thread-safe. {@link #close} stops it; the executor stays the caller's.
 */
public final class RedisExpiryWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisExpiryWatcher.class);

    /** How long a claim keeps other instances from reporting the same expiry, by default. */
    public static final Duration DEFAULT_CLAIM_TTL = Duration.ofMinutes(10);

    /** How many expiries may wait for the watcher's thread; more are dropped with a warning. */
    static final int QUEUE_CAPACITY = 10_000;

    private static final byte[] CLAIM_VALUE = "1".getBytes(StandardCharsets.US_ASCII);

    /** The pauses before each new attempt at a claim that could not be written: 3.75 s in all. */
    static final List<Duration> CLAIM_RETRY_DELAYS =
            List.of(Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofMillis(1000), Duration.ofMillis(2000));

    private final RedisCommandExecutor executor;
    private final KeySchema schema;
    private final SessionExpiryListener listener;
    private final long claimMillis;
    private final ThreadPoolExecutor worker;
    private final RedisKeyspaceSubscriber.Subscription subscription;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RedisExpiryWatcher(RedisCommandExecutor executor, String namespace, Duration claimTtl,
            SessionExpiryListener listener) {
        this.executor = executor;
        this.schema = new KeySchema(namespace);
        this.listener = listener;
        this.claimMillis = claimTtl.toMillis();
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE_CAPACITY),
                task -> {
                    Thread thread = new Thread(task, "sealed-sessions-expiry-watcher-" + namespace);
                    thread.setDaemon(true);
                    return thread;
                },
                (task, pool) -> LOG.warn("expiry watcher of namespace '{}' dropped an expiry: {} are waiting already",
                        namespace, QUEUE_CAPACITY));
        warnUnlessNotificationsOn(executor, namespace);
        this.subscription = ((RedisKeyspaceSubscriber) executor).subscribeToExpiredKeys(this::expired);
    }

    /** {@link #start(RedisCommandExecutor, String, Duration, SessionExpiryListener)} with {@link #DEFAULT_CLAIM_TTL}. */
    public static RedisExpiryWatcher start(RedisCommandExecutor executor, String namespace, SessionExpiryListener listener) {
        return start(executor, namespace, DEFAULT_CLAIM_TTL, listener);
    }

    /**
     * Subscribes and starts reporting the expiries of records under {@code namespace}.
     *
     * @param executor an executor that implements {@link RedisKeyspaceSubscriber} (every adapter's
     *     own connections do); it sends the claims
     * @param claimTtl how long a claim lives, at least 1 second
     * @throws IllegalArgumentException when the executor cannot subscribe, the namespace is not
     *     valid or the claim is shorter than a second
     * @throws SessionStoreUnavailableException when Redis cannot be reached
     */
    public static RedisExpiryWatcher start(RedisCommandExecutor executor, String namespace, Duration claimTtl,
            SessionExpiryListener listener) {
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(listener, "listener");
        if (!(executor instanceof RedisKeyspaceSubscriber)) {
            throw new IllegalArgumentException(executor.getClass().getSimpleName()
                    + " cannot subscribe to keyspace notifications; open the executor with RedisSessionStores.openExecutor");
        }
        if (claimTtl.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("an expiry claim lives at least 1 s, but was " + claimTtl);
        }
        return new RedisExpiryWatcher(executor, namespace, claimTtl, listener);
    }

    /** True when a {@code notify-keyspace-events} value reports expired keys: {@code E} with {@code x} or {@code A}. */
    public static boolean reportsExpiredKeys(String notifyKeyspaceEvents) {
        return notifyKeyspaceEvents.indexOf('E') >= 0
                && (notifyKeyspaceEvents.indexOf('x') >= 0 || notifyKeyspaceEvents.indexOf('A') >= 0);
    }

    /* On the client's thread: only hand over. */
    private void expired(byte[] redisKey) {
        SessionKey key = schema.sessionKeyOfRecord(redisKey);
        if (key == null || closed.get()) {
            return;
        }
        worker.execute(() -> claimAndReport(key));
    }

    private void claimAndReport(SessionKey key) {
        Boolean claimed = claim(key);
        if (claimed == null || !claimed) {
            return;
        }
        try {
            listener.sessionExpired(SessionInfo.handleOf(key));
        } catch (RuntimeException e) {
            LOG.warn("the expiry listener failed for session {}… in namespace '{}'", key.fingerprint(), schema.namespace(), e);
        }
    }

    /*
     * SET NX of the claim, tried again after CLAIM_RETRY_DELAYS when Redis cannot be reached: the
     * notification often comes from a master that has just been promoted, before the client's view
     * of the Cluster or of Sentinel's master has caught up. Null when every attempt failed.
     */
    private @Nullable Boolean claim(SessionKey key) {
        for (int attempt = 0; ; attempt++) {
            try {
                return executor.setIfAbsent(schema.expiryClaimKey(key), CLAIM_VALUE, claimMillis);
            } catch (SessionStoreUnavailableException e) {
                if (attempt == CLAIM_RETRY_DELAYS.size() || closed.get()) {
                    LOG.warn("expiry of session {}… in namespace '{}' not reported: its claim could not be written "
                            + "in {} attempts: {}", key.fingerprint(), schema.namespace(), attempt + 1, e.getMessage());
                    return null;
                }
                try {
                    Thread.sleep(CLAIM_RETRY_DELAYS.get(attempt).toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
        }
    }

    private static void warnUnlessNotificationsOn(RedisCommandExecutor executor, String namespace) {
        String setting;
        try {
            RedisReply reply = executor.command(List.of(ascii("CONFIG"), ascii("GET"), ascii("notify-keyspace-events")));
            if (!(reply instanceof RedisReply.Multi multi) || multi.items().size() < 2
                    || !(multi.items().get(1) instanceof RedisReply.Bulk value)) {
                return;
            }
            setting = new String(value.value(), StandardCharsets.US_ASCII);
        } catch (RuntimeException cannotRead) {
            LOG.info("expiry watcher of namespace '{}' cannot read notify-keyspace-events ({}); it needs at least 'Ex'",
                    namespace, cannotRead.getMessage());
            return;
        }
        if (!reportsExpiredKeys(setting)) {
            LOG.warn("expiry watcher of namespace '{}': notify-keyspace-events is '{}', so Redis reports no expired key; "
                    + "set it to include 'Ex' (CONFIG SET notify-keyspace-events Ex, on every master)", namespace, setting);
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Stops listening; expiries already heard are still reported, for up to 5 s. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        subscription.close();
        worker.shutdown();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

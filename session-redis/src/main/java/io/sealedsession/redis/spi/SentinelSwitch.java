package io.sealedsession.redis.spi;

import io.sealedsession.redis.RedisAddress;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an adapter does with the Sentinels' {@code +switch-master} announcements, written once: for
 * an announcement of its master, wait until the Sentinels answer with the announced address (the
 * one a connection asks first may learn it a moment later), then call back once, however many
 * Sentinels announce the same switch. The adapter subscribes to {@link #CHANNEL} on every Sentinel
 * with its client and hands each message to {@link #announced}.
 *
 * <p>Why: a manual {@code SENTINEL FAILOVER} leaves the old master running and writable until the
 * Sentinels reconfigure it, seconds later; connections that stay on it write into data that will be
 * discarded. Announcements are handled one at a time on a thread of this object, never on a
 * client's event loop. Thread-safe; {@link #close()} is idempotent.
 */
public final class SentinelSwitch implements AutoCloseable {

    /** The channel the Sentinels announce a new master on. */
    public static final String CHANNEL = "+switch-master";

    private static final Logger LOG = LoggerFactory.getLogger(SentinelSwitch.class);

    private final String masterName;
    private final Supplier<RedisAddress> askSentinels;
    private final Consumer<RedisAddress> onSwitch;
    private final AtomicReference<String> lastHandled = new AtomicReference<>("");
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "sealed-sessions-sentinel-switch");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param masterName the name the Sentinels monitor the master under
     * @param askSentinels asks the Sentinels where the master is, as a new connection would; may throw
     * @param onSwitch called with the new master once the Sentinels answer with it
     */
    public SentinelSwitch(String masterName, Supplier<RedisAddress> askSentinels, Consumer<RedisAddress> onSwitch) {
        this.masterName = Objects.requireNonNull(masterName, "masterName");
        this.askSentinels = Objects.requireNonNull(askSentinels, "askSentinels");
        this.onSwitch = Objects.requireNonNull(onSwitch, "onSwitch");
    }

    /** A message on {@link #CHANNEL}: {@code <master name> <old ip> <old port> <new ip> <new port>}. */
    public void announced(String message) {
        String[] parts = message.split(" ");
        if (parts.length != 5 || !parts[0].equals(masterName)) {
            return;
        }
        RedisAddress next;
        try {
            next = new RedisAddress(parts[3], Integer.parseInt(parts[4]));
        } catch (IllegalArgumentException malformed) {
            return;
        }
        try {
            worker.execute(() -> {
                if (!next.toString().equals(lastHandled.get()) && awaitSentinelsAnswer(next)) {
                    lastHandled.set(next.toString());
                    onSwitch.accept(next);
                }
            });
        } catch (RuntimeException closing) {
            // The worker is shut down: nothing to move any more.
        }
    }

    private boolean awaitSentinelsAnswer(RedisAddress announced) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            try {
                if (announced.equals(askSentinels.get())) {
                    return true;
                }
            } catch (RuntimeException e) {
                LOG.debug("asking the Sentinels for master '{}' failed: {}", masterName, e.toString());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        LOG.warn("the Sentinels announced {} as master '{}' but did not answer with it within 5 s; connections move "
                + "when they are next made", announced, masterName);
        return false;
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}

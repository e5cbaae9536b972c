package io.sealedsession.redis;

import java.util.function.Consumer;

/**
 * A {@link RedisCommandExecutor} that can also listen to Redis keyspace notifications of expired
 * keys, for {@link RedisExpiryWatcher}. Client adapters implement it beside the executor.
 *
 * <p>Guarantees an implementation gives: it subscribes to {@code __keyevent@<db>__:expired} (the
 * executor's database; 0 on a Cluster) on every master, since Redis publishes a key's expiry only
 * on the node that held it; it subscribes again by itself after a reconnect, a failover (Sentinel or
 * Cluster) and a change of the Cluster's masters; it calls {@code expiredKey} with each expired
 * key's name, on a thread of the client that must not be blocked (no Redis command from it).
 * Notifications sent while a subscription was down are lost: Redis keeps none.
 */
public interface RedisKeyspaceSubscriber {

    /**
     * Starts listening; returns once the masters known now are subscribed.
     *
     * @param expiredKey receives the name of each expired key; must be quick and must not throw
     * @return the subscription; closing it stops the notifications and releases its connections
     * @throws UnsupportedOperationException when this executor cannot open a subscription (it runs
     *     on a single connection the application handed in)
     * @throws io.sealedsession.core.SessionStoreUnavailableException when Redis cannot be reached
     */
    Subscription subscribeToExpiredKeys(Consumer<byte[]> expiredKey);

    /** A running subscription. */
    interface Subscription extends AutoCloseable {

        /** Unsubscribes and closes the connections it opened. Idempotent; does not throw. */
        @Override
        void close();
    }
}

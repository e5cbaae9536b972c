package io.sealedsession.redis;

import io.sealedsession.core.SessionStoreUnavailableException;

/**
 * A write was applied on the master, but fewer replicas than
 * {@link RedisStoreConfig.Builder#waitForReplicas} asks for confirmed it within the wait timeout.
 *
 * <p>The write is not undone (Redis cannot), and it may well reach the replicas a moment later. But
 * should the master fail before it does, a replica promoted in its place would not have it: a new
 * or changed session could be lost, and, the case that matters most, a session that was ended
 * (logout, revocation, rotation) could come back. The store therefore does not report such a write
 * as done. Being a {@link SessionStoreUnavailableException}, it is answered like any outage (a
 * servlet container sends 503); repeating the operation is safe, since every store write is
 * idempotent or compare-and-set, and it waits for the replicas again.
 */
public class RedisDurabilityException extends SessionStoreUnavailableException {

    private static final long serialVersionUID = 1L;

    /** How many replicas confirmed the write. */
    private final long acknowledged;
    /** How many the configuration asks for. */
    private final int required;

    /**
     * @param operation what was written: the command, such as {@code "SET"}, or an operation of the store
     * @param acknowledged how many replicas confirmed the write
     * @param required how many the configuration asks for
     * @param timeoutMillis how long the store waited
     */
    public RedisDurabilityException(String operation, long acknowledged, int required, long timeoutMillis) {
        super("the " + operation + " was applied on the Redis master, but only " + acknowledged + " of " + required
                + " replicas confirmed it within " + timeoutMillis + " ms; it could be lost if the master fails now");
        this.acknowledged = acknowledged;
        this.required = required;
    }

    /** How many replicas confirmed the write in time. */
    public long acknowledged() {
        return acknowledged;
    }

    /** How many replicas the configuration asks for. */
    public int required() {
        return required;
    }
}

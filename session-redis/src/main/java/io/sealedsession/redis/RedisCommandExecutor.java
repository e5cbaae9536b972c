package io.sealedsession.redis;

import io.sealedsession.core.SessionStoreUnavailableException;
import io.sealedsession.redis.spi.Durability;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The few Redis commands {@link RedisSessionStore} needs, binary-safe and independent of any Redis
 * client. A client adapter implements it once; the data layout above it is written once for all
 * clients.
 *
 * <p>Each method sends exactly one command and waits for its reply (one round trip; with
 * {@link #withDurability durability}, a write that changed something is followed by a {@code WAIT});
 * on a Redis Cluster it goes to the node that serves the slot of its
 * key, following {@code MOVED} and {@code ASK} redirects, and {@link #scriptLoad} goes to every node. Keys, values, members and
 * script arguments are raw bytes, sent as they are.
 *
 * <p>Errors, for every method:
 * <ul>
 *   <li>{@link SessionStoreUnavailableException} when the server cannot be reached, the connection
 *       is lost or closed, or the reply does not come within the command timeout. The client's
 *       exception is the cause; the message never contains a password, a key or a value.</li>
 *   <li>A plain {@code SessionStoreUnavailableException} for an error reply that a changing
 *       topology sends for a while ({@code CLUSTERDOWN}, {@code TRYAGAIN}, {@code READONLY}, ...:
 *       see {@link RedisErrors}), never another type, so that callers see one kind of transient
 *       failure.</li>
 *   <li>{@link RedisCommandRejectedException} (a {@code SessionStoreUnavailableException}) when the
 *       server answers with another error, such as {@code NOPERM}. {@link RedisErrors#fromServerError}
 *       makes the right one of these two.</li>
 *   <li>{@link RedisScriptNotLoadedException}, from {@link #evalsha} only, when the server answers
 *       {@code NOSCRIPT}: the caller loads the script and retries.</li>
 * </ul>
 *
 * <p>Implementations are thread-safe: the store calls them from many request threads at once.
 * Arrays passed in are not kept; arrays returned belong to the caller.
 */
public interface RedisCommandExecutor extends AutoCloseable {

    /** {@code GET key}: the value, or null when there is none. */
    byte @Nullable [] get(byte[] key);

    /** {@code GETEX key PX ttlMillis}: the value, or null when there is none; sets its expiry when there is one. */
    byte @Nullable [] getex(byte[] key, long ttlMillis);

    /** {@code SET key value NX PX ttlMillis}: true when written, false when the key existed. */
    boolean setIfAbsent(byte[] key, byte[] value, long ttlMillis);

    /** {@code SET key value XX PX ttlMillis}: true when written, false when the key did not exist. */
    boolean setIfPresent(byte[] key, byte[] value, long ttlMillis);

    /**
     * {@code PEXPIRE key ttlMillis}: true when the key exists and its expiry was set. The touch of
     * a read: with durability it is not waited for, as reads are not.
     */
    boolean pexpire(byte[] key, long ttlMillis);

    /**
     * {@code PEXPIRE key ttlMillis NX|GT}: true when the expiry was set. Needs Redis 7.0. A write:
     * with durability it is waited for when it set an expiry.
     */
    boolean pexpire(byte[] key, long ttlMillis, ExpiryCondition condition);

    /**
     * {@code GETDEL key}: the value that was deleted, or null when there was none (needs Redis 6.2).
     * A write, like {@link #unlink}.
     */
    byte @Nullable [] getdel(byte[] key);

    /** {@code UNLINK key}: the number of keys removed, 0 or 1. */
    long unlink(byte[] key);

    /**
     * {@code SCRIPT LOAD script}: the script's SHA-1 as the server reports it (40 hex digits).
     *
     * <p>On a Redis Cluster it is sent to every node the client knows, masters and replicas (a
     * replica that is promoted later then already has it). A node that cannot be reached is
     * skipped, as long as at least one node took the script: that node answers {@code NOSCRIPT}
     * when it is used, and the store loads the script again then. Only when no node took it does
     * this throw.
     */
    String scriptLoad(byte[] script);

    /**
     * {@code EVALSHA sha1 numkeys keys... args...}: the script's reply.
     *
     * @throws RedisScriptNotLoadedException when the server does not have the script
     */
    RedisReply evalsha(String sha1, List<byte[]> keys, List<byte[]> args);

    /**
     * {@link #evalsha} of a script that writes nothing a replica must confirm (it reads, and at
     * most sets an expiry, as {@code GETEX} does): never followed by {@code WAIT}, whatever this
     * executor's durability. The default sends a plain {@link #evalsha}.
     */
    default RedisReply evalshaWithoutWait(String sha1, List<byte[]> keys, List<byte[]> args) {
        return evalsha(sha1, keys, args);
    }

    /** {@code ZADD key score member}: the number of members added (0 when only the score changed). */
    long zadd(byte[] key, double score, byte[] member);

    /** {@code ZREM key members...}: the number of members removed; {@code members} is not empty. */
    long zrem(byte[] key, List<byte[]> members);

    /** {@code ZREMRANGEBYSCORE key -inf maxInclusive}: the number of members removed. */
    long zremrangebyscore(byte[] key, double maxInclusive);

    /** {@code ZRANGEBYSCORE key (minExclusive +inf WITHSCORES}: members by ascending score, then by bytes. */
    List<ScoredMember> zrangebyscore(byte[] key, double minExclusive);

    /**
     * This executor's commands with writes that wait for replicas as {@code durability} says: after
     * each write that changed something, {@code WAIT} on the connection that carried it, and a
     * {@link RedisDurabilityException} when fewer replicas confirmed it in time. The result shares
     * this executor's connections; closing either closes both. The store calls this once, when it
     * is built. The default supports only {@link Durability#NONE}.
     *
     * @throws UnsupportedOperationException when this executor cannot wait for replicas
     */
    default RedisCommandExecutor withDurability(Durability durability) {
        if (!durability.waits()) {
            return this;
        }
        throw new UnsupportedOperationException(this + " cannot wait for replicas");
    }

    /**
     * Releases what this executor opened (connections, threads). A connection or client the
     * application handed in stays open: its owner closes it. Idempotent; does not throw.
     */
    @Override
    void close();

    /**
     * Sends one arbitrary command and returns its reply, for diagnostics such as
     * {@code session-cli doctor} ({@code INFO}, {@code CONFIG GET}, {@code ACL WHOAMI},
     * {@code SCAN}...). {@link RedisSessionStore} never calls it: it is not on the request path.
     *
     * <p>The reply keeps the shape Redis sent: an integer is {@link RedisReply.Int}, a bulk or
     * status string is {@link RedisReply.Bulk} (a status such as {@code OK} as its text), an array
     * is {@link RedisReply.Multi}, nil (bulk or array) is {@link RedisReply#NIL}. An error reply is
     * a {@link RedisCommandRejectedException} naming the command, never a value.
     *
     * <p>For commands that answer once and leave the connection as it was. Commands that change
     * the connection's state or keep answering ({@code SUBSCRIBE}, {@code MONITOR}, {@code MULTI},
     * {@code SELECT}, {@code AUTH}, {@code CLIENT REPLY}, blocking pops) would break a connection
     * that other callers share, and must not be sent. On a cluster the command goes to one node.
     *
     * @param commandAndArguments the command's name (such as {@code CONFIG}), then its arguments
     *     (such as {@code GET}, {@code maxmemory-policy}); not empty
     * @throws IllegalArgumentException when the list is empty
     * @throws RedisCommandRejectedException when the server answers with an error ({@code NOPERM},
     *     an unknown or disabled command, wrong arguments)
     */
    RedisReply command(List<byte[]> commandAndArguments);
}

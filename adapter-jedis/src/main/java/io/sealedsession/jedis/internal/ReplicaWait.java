package io.sealedsession.jedis.internal;

import io.sealedsession.redis.RedisReply;
import io.sealedsession.redis.spi.Durability;
import io.sealedsession.redis.spi.Replies;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Protocol;

/**
 * A write that is followed by {@code WAIT} on the pooled connection that carried it, before the
 * connection goes back to the pool: a pool lends another connection to the next command, and Redis
 * counts acknowledgements per connection. The command executors of this adapter
 * ({@link SingleNodeExecutor}, {@link ClusterExecutor}) call {@link #afterCommand} once the write
 * succeeded. The answer lives in this command object, one per call: no per-thread state.
 */
public final class ReplicaWait extends CommandObject<Object> {

    private final Predicate<RedisReply> changed;
    private final Durability durability;
    private volatile long acknowledged = -1;

    /**
     * @param changed whether the write's reply shows a change; one that changed nothing is not waited for
     */
    public ReplicaWait(CommandArguments write, Predicate<RedisReply> changed, Durability durability) {
        super(write, BuilderFactory.RAW_OBJECT);
        this.changed = changed;
        this.durability = durability;
    }

    /** After any command on {@code connection}: sends the {@code WAIT} when the command was such a write. */
    public static void afterCommand(Connection connection, CommandObject<?> command, @Nullable Object result) {
        if (command instanceof ReplicaWait write && write.changed.test(Replies.of(result))) {
            CommandArguments wait = new CommandArguments(Protocol.Command.WAIT)
                    .add(write.durability.replicas()).add(write.durability.timeoutMillis());
            Long count = connection.executeCommand(new CommandObject<>(wait, BuilderFactory.LONG));
            write.acknowledged = count == null ? 0 : count;
        }
    }

    /** How many replicas confirmed the write; -1 when it changed nothing and was not waited for. */
    public long acknowledged() {
        return acknowledged;
    }
}

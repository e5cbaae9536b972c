package io.sealedsession.lettuce.internal;

import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.ProtocolKeyword;
import io.sealedsession.redis.spi.RedisCall;
import io.lettuce.core.output.CommandOutput;
import io.sealedsession.redis.RedisReply;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads any script reply into {@link RedisReply}. Lettuce's own script outputs each expect one
 * shape; a compare-and-set answers with an integer or a bulk string, so this output takes whatever
 * comes. Arrays are assembled by counting their elements, which works the same for every
 * protocol version.
 */
public final class ReplyOutput extends CommandOutput<byte[], byte[], RedisReply> {

    private static final class Frame {
        final List<RedisReply> items = new ArrayList<>();
        final int size;

        Frame(int size) {
            this.size = size;
        }
    }

    private final Deque<Frame> open = new ArrayDeque<>();

    public ReplyOutput() {
        super(ByteArrayCodec.INSTANCE, RedisReply.NIL);
    }

    @Override
    public void set(@Nullable ByteBuffer bytes) {
        if (bytes == null) {
            add(RedisReply.NIL);
            return;
        }
        byte[] value = new byte[bytes.remaining()];
        bytes.get(value);
        add(new RedisReply.Bulk(value));
    }

    @Override
    public void set(long integer) {
        add(new RedisReply.Int(integer));
    }

    @Override
    public void set(double number) {
        // Only RESP3 has doubles; keep the server's meaning as text rather than fail.
        add(new RedisReply.Bulk(Double.toString(number).getBytes(StandardCharsets.US_ASCII)));
    }

    @Override
    public void set(boolean value) {
        // Lua true becomes integer 1 in RESP2; give RESP3's boolean the same shape.
        add(new RedisReply.Int(value ? 1 : 0));
    }

    @Override
    public void multi(int count) {
        if (count < 0) {
            add(RedisReply.NIL);
            return;
        }
        open.push(new Frame(count));
        closeFullFrames();
    }

    private void add(RedisReply reply) {
        Frame top = open.peek();
        if (top == null) {
            output = reply;
            return;
        }
        top.items.add(reply);
        closeFullFrames();
    }

    private void closeFullFrames() {
        while (!open.isEmpty() && open.peek().items.size() >= open.peek().size) {
            Frame done = open.pop();
            RedisReply list = new RedisReply.Multi(done.items);
            Frame parent = open.peek();
            if (parent == null) {
                output = list;
            } else {
                parent.items.add(list);
            }
        }
    }

    /*
     * The command under a ProtocolKeyword made from its name, its arguments as raw bytes (the
     * routing key marked as the key, which is how a Cluster connection picks the node), and the
     * reply read by ReplyOutput, which takes any shape.
     */
    /** Sends {@code call} on {@code redis} and reads its reply, whatever its shape. */
    public static RedisReply dispatch(RedisClusterCommands<byte[], byte[]> redis, RedisCall call) {
        RedisReply reply = redis.dispatch(keyword(call), new ReplyOutput(), arguments(call));
        return reply == null ? RedisReply.NIL : reply;
    }

    /** The arguments of {@code call}, its routing key marked as the key. */
    public static CommandArgs<byte[], byte[]> arguments(RedisCall call) {
        CommandArgs<byte[], byte[]> args = new CommandArgs<>(ByteArrayCodec.INSTANCE);
        call.forEachArgument((argument, key) -> {
            if (key) {
                args.addKey(argument);
            } else {
                args.add(argument);
            }
        });
        return args;
    }

    /** The command's name as Lettuce sends it. */
    public static ProtocolKeyword keyword(RedisCall call) {
        byte[] name = call.nameBytes();
        return new ProtocolKeyword() {
            @Override
            public byte[] getBytes() {
                return name;
            }

            @Override
            public String toString() {
                return call.name();
            }
        };
    }
}

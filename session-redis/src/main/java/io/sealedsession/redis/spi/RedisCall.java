package io.sealedsession.redis.spi;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One command as the {@link AbstractRedisCommandExecutor} hands it to an adapter: its name, the
 * key it is routed by, and its arguments as raw bytes, sent as they are.
 *
 * @param name the command's name, such as {@code GETEX}, also its label in messages
 * @param routingKey the key whose slot (or master) the command goes to; null for a command
 *     without a key ({@code SCRIPT LOAD}, a diagnostic command)
 * @param arguments everything after the name, the key included where the command has one
 */
public record RedisCall(String name, byte @Nullable [] routingKey, List<byte[]> arguments) {

    /** Copies the list; the arrays are not copied. */
    public RedisCall {
        arguments = List.copyOf(arguments);
    }

    /** The name as bytes, for clients that send a command under a name of their own. */
    public byte[] nameBytes() {
        return name.getBytes(StandardCharsets.US_ASCII);
    }

    /** What an argument is to a client that marks keys for routing: the routing key, or any other argument. */
    @FunctionalInterface
    public interface ArgumentSink {
        /** Takes {@code argument}; {@code key} is true for the one that is the routing key. */
        void accept(byte[] argument, boolean key);
    }

    /** Hands each argument in order to {@code sink}, the routing key (its first occurrence) marked as such. */
    public void forEachArgument(ArgumentSink sink) {
        boolean keyed = false;
        for (byte[] argument : arguments) {
            boolean key = !keyed && argument == routingKey;
            keyed |= key;
            sink.accept(argument, key);
        }
    }

    /** The arguments as an array, for clients that want one. */
    public byte[][] argumentArray() {
        return arguments.toArray(new byte[0][]);
    }

    @Override
    public String toString() {
        // Arguments are keys and sealed records: their number is all a log needs.
        return "RedisCall[" + name + ", " + arguments.size() + " arguments]";
    }
}

package io.sealedsession.redis;

import java.util.Arrays;
import java.util.List;

/**
 * What a Lua script (or a diagnostic {@link RedisCommandExecutor#command}) returned, in the shape
 * Redis sent it: nothing, an integer, a byte string or a list of replies. Client adapters translate
 * their client's reply objects into this model so that the store can read script results without
 * knowing the client.
 *
 * <p>Values are immutable, except that {@link Bulk#value()} hands out the array it holds (the
 * caller owns a reply once it has it).
 */
public sealed interface RedisReply {

    /** The nil reply (a Lua {@code false} or {@code nil}). */
    RedisReply NIL = new Nil();

    /** The nil reply. Use {@link #NIL}. */
    record Nil() implements RedisReply {}

    /** An integer reply. */
    record Int(long value) implements RedisReply {}

    /**
     * A byte string reply (bulk or status).
     *
     * @param value the bytes, exactly as Redis sent them
     */
    record Bulk(byte[] value) implements RedisReply {

        @Override
        public String toString() {
            // Bulk replies carry sealed records: their length is all a log needs.
            return "Bulk[" + value.length + " bytes]";
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Bulk that && Arrays.equals(value, that.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }
    }

    /** A list of replies (an array, possibly nested). */
    record Multi(List<RedisReply> items) implements RedisReply {

        /** Copies {@code items}. */
        public Multi {
            items = List.copyOf(items);
        }
    }
}

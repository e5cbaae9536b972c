package io.sealedsession.redisson.internal;

import io.sealedsession.redis.RedisReply;
import io.sealedsession.redis.ScoredMember;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads the replies of commands sent without a Redisson decoder. With {@code ByteArrayCodec} and
 * no decoder, Redisson hands over a reply as it came: {@code null} for nil, {@link Long} for an
 * integer, {@code byte[]} for a bulk string, {@link String} for a status reply, {@link List} for
 * an array (nested as sent), and, under RESP3 (an application's client may use it),
 * {@link Double} for a double and {@code 1L}/{@code 0L} for a boolean.
 */
public final class Replies {

    private Replies() {}

    /** A bulk string reply, or null for nil. */
    public static byte @Nullable [] bytes(@Nullable Object reply) {
        if (reply == null || reply instanceof byte[]) {
            return (byte[]) reply;
        }
        throw unexpected("a bulk string", reply);
    }

    /** An integer reply. */
    public static long integer(@Nullable Object reply) {
        if (reply instanceof Long value) {
            return value;
        }
        throw unexpected("an integer", reply);
    }

    /** True for the status {@code OK}, false for nil (what {@code SET ... NX|XX} answers). */
    public static boolean okOrNil(@Nullable Object reply) {
        if (reply == null) {
            return false;
        }
        if (reply instanceof String status) {
            return "OK".equals(status);
        }
        if (reply instanceof byte[] bulk) {
            return "OK".equals(new String(bulk, StandardCharsets.US_ASCII));
        }
        throw unexpected("OK or nil", reply);
    }

    /** A bulk or status reply as ASCII text, such as the SHA-1 that {@code SCRIPT LOAD} answers. */
    public static String text(@Nullable Object reply) {
        if (reply instanceof String status) {
            return status;
        }
        if (reply instanceof byte[] bulk) {
            return new String(bulk, StandardCharsets.US_ASCII);
        }
        throw unexpected("a string", reply);
    }

    /** Any reply, as {@link RedisReply}: what a script returned. */
    public static RedisReply reply(@Nullable Object reply) {
        if (reply == null) {
            return RedisReply.NIL;
        }
        if (reply instanceof Long value) {
            return new RedisReply.Int(value);
        }
        if (reply instanceof byte[] bulk) {
            return new RedisReply.Bulk(bulk);
        }
        if (reply instanceof String status) {
            return new RedisReply.Bulk(status.getBytes(StandardCharsets.UTF_8));
        }
        if (reply instanceof Double number) {
            // Only RESP3 has doubles; keep the server's meaning as text rather than fail.
            return new RedisReply.Bulk(Double.toString(number).getBytes(StandardCharsets.US_ASCII));
        }
        if (reply instanceof List<?> items) {
            List<RedisReply> converted = new ArrayList<>(items.size());
            for (Object item : items) {
                converted.add(reply(item));
            }
            return new RedisReply.Multi(converted);
        }
        throw unexpected("a script reply", reply);
    }

    /**
     * The reply of {@code ZRANGEBYSCORE ... WITHSCORES}: RESP2 sends a flat array of member, score
     * (as text), member, score...; RESP3 sends an array of [member, score] pairs.
     */
    public static List<ScoredMember> scoredMembers(@Nullable Object reply) {
        if (!(reply instanceof List<?> items)) {
            throw unexpected("an array", reply);
        }
        List<ScoredMember> members = new ArrayList<>();
        if (!items.isEmpty() && items.get(0) instanceof List<?>) {
            for (Object pair : items) {
                if (!(pair instanceof List<?> p) || p.size() != 2) {
                    throw unexpected("a [member, score] pair", pair);
                }
                members.add(new ScoredMember(member(p.get(0)), score(p.get(1))));
            }
            return members;
        }
        if (items.size() % 2 != 0) {
            throw new IllegalStateException("Redis answered ZRANGEBYSCORE WITHSCORES with an odd number of elements ("
                    + items.size() + ")");
        }
        for (int i = 0; i < items.size(); i += 2) {
            members.add(new ScoredMember(member(items.get(i)), score(items.get(i + 1))));
        }
        return members;
    }

    private static byte[] member(@Nullable Object item) {
        if (item instanceof byte[] bytes) {
            return bytes;
        }
        throw unexpected("a member", item);
    }

    private static double score(@Nullable Object item) {
        if (item instanceof Double number) {
            return number;
        }
        if (item instanceof Long number) {
            return number;
        }
        String text = item instanceof byte[] bytes ? new String(bytes, StandardCharsets.US_ASCII)
                : item instanceof String s ? s : null;
        if (text == null) {
            throw unexpected("a score", item);
        }
        return Scores.parse(text);
    }

    private static IllegalStateException unexpected(String expected, @Nullable Object reply) {
        // Only the type: the reply may be a sealed record or a key.
        return new IllegalStateException("Redis answered with " + (reply == null ? "nil" : reply.getClass().getSimpleName())
                + " where " + expected + " was expected");
    }
}

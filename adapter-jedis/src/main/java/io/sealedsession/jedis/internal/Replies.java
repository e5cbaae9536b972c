package io.sealedsession.jedis.internal;

import io.sealedsession.redis.RedisReply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Translations between Jedis's raw values and the store's: script replies and sorted-set scores. */
public final class Replies {

    private Replies() {}

    /**
     * A script reply as Jedis returns it ({@code null}, {@link Long}, {@code byte[]} for bulk and
     * status replies, {@link List} for arrays) as a {@link RedisReply}. The RESP3 shapes Jedis may
     * produce on a connection that negotiated RESP3 are mapped as the Lettuce adapter maps them: a
     * double becomes its text, a boolean the integer 1 or 0.
     *
     * @throws IllegalStateException for a value of another type, which no script reply produces
     */
    public static RedisReply toReply(@Nullable Object value) {
        if (value == null) {
            return RedisReply.NIL;
        }
        if (value instanceof Long number) {
            return new RedisReply.Int(number);
        }
        if (value instanceof byte[] bytes) {
            return new RedisReply.Bulk(bytes);
        }
        if (value instanceof String text) {
            return new RedisReply.Bulk(text.getBytes(StandardCharsets.UTF_8));
        }
        if (value instanceof Double number) {
            return new RedisReply.Bulk(Double.toString(number).getBytes(StandardCharsets.US_ASCII));
        }
        if (value instanceof Boolean flag) {
            return new RedisReply.Int(flag ? 1 : 0);
        }
        if (value instanceof List<?> items) {
            List<RedisReply> replies = new ArrayList<>(items.size());
            for (Object item : items) {
                replies.add(toReply(item));
            }
            return new RedisReply.Multi(replies);
        }
        throw new IllegalStateException("a script reply of type " + value.getClass().getName() + " is not supported");
    }

    /**
     * A score bound as Redis reads it: {@code +inf}/{@code -inf} for infinities, integers without
     * a fraction (the store's scores are epoch milliseconds), other values in Java's shortest exact
     * decimal form, preceded by {@code (} when {@code exclusive}.
     */
    public static byte[] scoreBound(double score, boolean exclusive) {
        if (Double.isNaN(score)) {
            throw new IllegalArgumentException("a score bound is a number, but was NaN");
        }
        String text;
        if (Double.isInfinite(score)) {
            text = score > 0 ? "+inf" : "-inf";
        } else if (score == Math.rint(score) && Math.abs(score) < 0x1p53) {
            text = Long.toString((long) score);
        } else {
            text = Double.toString(score);
        }
        return ((exclusive ? "(" : "") + text).getBytes(StandardCharsets.US_ASCII);
    }
}

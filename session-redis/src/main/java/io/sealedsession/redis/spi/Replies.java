package io.sealedsession.redis.spi;

import io.sealedsession.redis.RedisReply;
import io.sealedsession.redis.ScoredMember;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Reply conversions, written once: from the plain Java values clients hand out, and into the port's types. */
public final class Replies {

    private Replies() {}

    /**
     * A reply as clients return it without a codec of their own ({@code null}, {@link Long},
     * {@code byte[]} for bulk and status replies, {@link String}, {@link List} for arrays) as a
     * {@link RedisReply}. The RESP3 shapes a client may produce are mapped too: a double becomes
     * its text, a boolean the integer 1 or 0.
     *
     * @throws IllegalStateException for a value of another type
     */
    public static RedisReply of(@Nullable Object value) {
        if (value == null) {
            return RedisReply.NIL;
        }
        if (value instanceof RedisReply reply) {
            return reply;
        }
        if (value instanceof Long number) {
            return new RedisReply.Int(number);
        }
        if (value instanceof Integer number) {
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
                replies.add(of(item));
            }
            return new RedisReply.Multi(replies);
        }
        throw new IllegalStateException("a reply of type " + value.getClass().getName() + " is not supported");
    }

    /** A bulk or status reply as text; an empty string for any other reply. */
    public static String text(RedisReply reply) {
        return reply instanceof RedisReply.Bulk bulk ? new String(bulk.value(), StandardCharsets.UTF_8) : "";
    }

    /**
     * A {@code WITHSCORES} array as scored members, in order: flat (member, score, member,
     * score...) as RESP2 sends it, or pairs ([member, score], ...) as RESP3 does.
     */
    static List<ScoredMember> scoredMembers(RedisReply reply) {
        if (!(reply instanceof RedisReply.Multi multi)) {
            return List.of();
        }
        List<RedisReply> items = multi.items();
        if (!items.isEmpty() && items.get(0) instanceof RedisReply.Multi) {
            List<RedisReply> flat = new ArrayList<>(items.size() * 2);
            items.forEach(pair -> flat.addAll(pair instanceof RedisReply.Multi m ? m.items() : List.of(pair)));
            items = flat;
        }
        List<ScoredMember> members = new ArrayList<>(items.size() / 2);
        for (int i = 0; i + 1 < items.size(); i += 2) {
            byte[] member = items.get(i) instanceof RedisReply.Bulk bulk ? bulk.value() : new byte[0];
            members.add(new ScoredMember(member, score(text(items.get(i + 1)))));
        }
        return members;
    }

    private static double score(String text) {
        return switch (text) {
            case "inf", "+inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }
}

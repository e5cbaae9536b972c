package io.sealedsession.jedis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedsession.redis.RedisReply;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RepliesTest {

    @Test
    void toReplyWhenEachRespShapeThenSameShape() {
        byte[] bytes = {0, (byte) 0xff, 13, 10};

        assertThat(Replies.toReply(null)).isEqualTo(RedisReply.NIL);
        assertThat(Replies.toReply(7L)).isEqualTo(new RedisReply.Int(7));
        assertThat(Replies.toReply(bytes)).isEqualTo(new RedisReply.Bulk(bytes.clone()));
        assertThat(Replies.toReply(Arrays.asList(1L, null, List.of(bytes))))
                .isEqualTo(new RedisReply.Multi(List.of(new RedisReply.Int(1), RedisReply.NIL,
                        new RedisReply.Multi(List.of(new RedisReply.Bulk(bytes.clone()))))));
    }

    @Test
    void toReplyWhenResp3ScalarsThenMappedAsLettuceMapsThem() {
        assertThat(Replies.toReply(Boolean.TRUE)).isEqualTo(new RedisReply.Int(1));
        assertThat(Replies.toReply(1.5d)).isEqualTo(new RedisReply.Bulk("1.5".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void toReplyWhenUnknownTypeThenRefused() {
        assertThatThrownBy(() -> Replies.toReply(new Object())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void scoreBoundWhenValuesThenRedisSyntax() {
        assertThat(text(Replies.scoreBound(1_767_225_600_000d, true))).isEqualTo("(1767225600000");
        assertThat(text(Replies.scoreBound(-3d, false))).isEqualTo("-3");
        assertThat(text(Replies.scoreBound(0.25d, false))).isEqualTo("0.25");
        assertThat(text(Replies.scoreBound(Double.POSITIVE_INFINITY, true))).isEqualTo("(+inf");
        assertThat(text(Replies.scoreBound(Double.NEGATIVE_INFINITY, false))).isEqualTo("-inf");
        assertThat(text(Replies.scoreBound(1e300, false))).isEqualTo("1.0E300");
    }

    @Test
    void scoreBoundWhenNaNThenRefused() {
        assertThatThrownBy(() -> Replies.scoreBound(Double.NaN, false)).isInstanceOf(IllegalArgumentException.class);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}

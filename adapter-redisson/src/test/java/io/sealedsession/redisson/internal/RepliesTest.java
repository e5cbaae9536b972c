package io.sealedsession.redisson.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedsession.redis.RedisReply;
import io.sealedsession.redis.ScoredMember;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RepliesTest {

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void replyWhenEachShapeThenSameShape() {
        List<Object> nested = Arrays.asList(1L, Arrays.asList(new byte[] {0, (byte) 0xff}, null), List.of(), "OK");

        assertThat(Replies.reply(nested)).isEqualTo(new RedisReply.Multi(List.of(
                new RedisReply.Int(1),
                new RedisReply.Multi(List.of(new RedisReply.Bulk(new byte[] {0, (byte) 0xff}), RedisReply.NIL)),
                new RedisReply.Multi(List.of()),
                new RedisReply.Bulk(ascii("OK")))));
        assertThat(Replies.reply(null)).isEqualTo(RedisReply.NIL);
        assertThat(Replies.reply(1.5d)).isEqualTo(new RedisReply.Bulk(ascii("1.5")));
    }

    @Test
    void replyWhenUnknownTypeThenRefusedWithoutValue() {
        assertThatThrownBy(() -> Replies.reply(new StringBuilder("secret")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("StringBuilder")
                .hasMessageNotContaining("secret");
    }

    @Test
    void scoredMembersWhenResp2FlatArrayThenPairs() {
        List<ScoredMember> members = Replies.scoredMembers(List.of(ascii("a"), ascii("1764302270123"), ascii("b"), ascii("inf")));

        assertThat(members).containsExactly(
                new ScoredMember(ascii("a"), 1_764_302_270_123d),
                new ScoredMember(ascii("b"), Double.POSITIVE_INFINITY));
    }

    @Test
    void scoredMembersWhenResp3PairsThenPairs() {
        List<ScoredMember> members = Replies.scoredMembers(List.of(List.of(ascii("a"), 2.0d), List.of(ascii("b"), 3.5d)));

        assertThat(members).containsExactly(new ScoredMember(ascii("a"), 2), new ScoredMember(ascii("b"), 3.5));
        assertThat(Replies.scoredMembers(List.of())).isEmpty();
    }

    @Test
    void scoredMembersWhenOddFlatArrayThenRefused() {
        assertThatThrownBy(() -> Replies.scoredMembers(List.of(ascii("a"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("odd number");
    }

    @Test
    void okOrNilWhenStatusOrNilThenBoolean() {
        assertThat(Replies.okOrNil("OK")).isTrue();
        assertThat(Replies.okOrNil(null)).isFalse();
    }

    @Test
    void bytesAndIntegerWhenWrongTypeThenRefused() {
        assertThatThrownBy(() -> Replies.bytes(1L)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Replies.integer(null)).isInstanceOf(IllegalStateException.class);
        assertThat(Replies.text(ascii("abc"))).isEqualTo("abc");
    }
}

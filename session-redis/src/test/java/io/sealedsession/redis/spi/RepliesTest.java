package io.sealedsession.redis.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedsession.redis.RedisReply;
import io.sealedsession.redis.ScoredMember;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reply conversions written once for every client. */
class RepliesTest {

    private static RedisReply.Bulk bulk(String text) {
        return new RedisReply.Bulk(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void ofWhenClientValuesThenReplies() {
        assertThat(Replies.of(null)).isEqualTo(RedisReply.NIL);
        assertThat(Replies.of(7L)).isEqualTo(new RedisReply.Int(7));
        assertThat(Replies.of("OK")).isEqualTo(bulk("OK"));
        assertThat(Replies.of(true)).isEqualTo(new RedisReply.Int(1));
        assertThat(Replies.of(1.5d)).isEqualTo(bulk("1.5"));
        assertThat(Replies.of(List.of(1L, "a".getBytes(StandardCharsets.UTF_8), Arrays.asList((Object) null))))
                .isEqualTo(new RedisReply.Multi(List.of(new RedisReply.Int(1), bulk("a"), new RedisReply.Multi(List.of(RedisReply.NIL)))));
        assertThatThrownBy(() -> Replies.of(new Object())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void scoredMembersWhenFlatOrPairsThenSameMembers() {
        RedisReply flat = new RedisReply.Multi(List.of(bulk("a"), bulk("1764000000001"), bulk("b"), bulk("inf")));
        RedisReply pairs = new RedisReply.Multi(List.of(new RedisReply.Multi(List.of(bulk("a"), bulk("1.764000000001E12"))),
                new RedisReply.Multi(List.of(bulk("b"), bulk("inf")))));

        for (RedisReply reply : List.of(flat, pairs)) {
            List<ScoredMember> members = Replies.scoredMembers(reply);
            assertThat(members).extracting(ScoredMember::score).containsExactly(1_764_000_000_001d, Double.POSITIVE_INFINITY);
            assertThat(new String(members.get(1).member(), StandardCharsets.UTF_8)).isEqualTo("b");
        }
        assertThat(Replies.scoredMembers(RedisReply.NIL)).isEmpty();
    }

    @Test
    void durabilityWhenInconsistentThenRefused() {
        assertThat(Durability.of(0, java.time.Duration.ofSeconds(1))).isEqualTo(Durability.NONE);
        assertThat(Durability.NONE.waits()).isFalse();
        assertThatThrownBy(() -> new Durability(1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Durability(-1, 5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void forEachArgumentWhenRoutingKeyThenMarkedOnce() {
        byte[] key = {1};
        RedisCall call = new RedisCall("EVALSHA", key, List.of(new byte[] {9}, new byte[] {1}, key, key));
        StringBuilder seen = new StringBuilder();
        call.forEachArgument((argument, isKey) -> seen.append(isKey ? 'K' : '-'));
        assertThat(seen).hasToString("--K-");
        assertThat(call.toString()).isEqualTo("RedisCall[EVALSHA, 4 arguments]");
    }
}

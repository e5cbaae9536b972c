package io.sealedsession.lettuce.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedsession.redis.RedisReply;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplyOutputTest {

    @Test
    void getWhenNothingSetThenNil() {
        assertThat(new ReplyOutput().get()).isEqualTo(RedisReply.NIL);
    }

    @Test
    void setWhenIntegerThenInt() {
        ReplyOutput output = new ReplyOutput();
        output.set(7L);
        assertThat(output.get()).isEqualTo(new RedisReply.Int(7));
    }

    @Test
    void setWhenBulkThenExactBytes() {
        ReplyOutput output = new ReplyOutput();
        output.set(ByteBuffer.wrap(new byte[] {0, (byte) 0xff, 10}));
        assertThat(output.get()).isEqualTo(new RedisReply.Bulk(new byte[] {0, (byte) 0xff, 10}));
    }

    @Test
    void setWhenNullBulkThenNil() {
        ReplyOutput output = new ReplyOutput();
        output.set((ByteBuffer) null);
        assertThat(output.get()).isEqualTo(RedisReply.NIL);
    }

    @Test
    void multiWhenNestedThenAssembledByCount() {
        ReplyOutput output = new ReplyOutput();
        output.multi(3);
        output.set(1L);
        output.multi(2);
        output.set(ByteBuffer.wrap(new byte[] {42}));
        output.set((ByteBuffer) null);
        output.multi(0);

        assertThat(output.get()).isEqualTo(new RedisReply.Multi(List.of(
                new RedisReply.Int(1),
                new RedisReply.Multi(List.of(new RedisReply.Bulk(new byte[] {42}), RedisReply.NIL)),
                new RedisReply.Multi(List.of()))));
    }

    @Test
    void multiWhenNullArrayThenNil() {
        ReplyOutput output = new ReplyOutput();
        output.multi(-1);
        assertThat(output.get()).isEqualTo(RedisReply.NIL);
    }
}

package io.sealedsession.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedsession.core.port.StoredRecord;
import org.junit.jupiter.api.Test;

class RecordFrameTest {

    @Test
    void encodeWhenVersionOneThenBigEndianPrefixThenSealedBytes() {
        assertThat(RecordFrame.encode(1, new byte[] {(byte) 0xAA, 0x00}))
                .containsExactly(0, 0, 0, 0, 0, 0, 0, 1, 0xAA, 0x00);
    }

    @Test
    void versionPrefixWhenLargeVersionThenAllEightBytesUsed() {
        assertThat(RecordFrame.versionPrefix(0x0102030405060708L)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(RecordFrame.versionPrefix(Long.MAX_VALUE)).containsExactly(0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff);
    }

    @Test
    void decodeWhenEncodedThenSameRecord() {
        byte[] sealed = new byte[256];
        for (int i = 0; i < sealed.length; i++) {
            sealed[i] = (byte) i;
        }
        assertThat(RecordFrame.decode(RecordFrame.encode(300, sealed))).isEqualTo(new StoredRecord(300, sealed));
    }

    @Test
    void decodeWhenOnlyPrefixThenEmptySealedBytes() {
        assertThat(RecordFrame.decode(RecordFrame.versionPrefix(7))).isEqualTo(new StoredRecord(7, new byte[0]));
    }

    @Test
    void decodeWhenShorterThanPrefixThenNull() {
        assertThat(RecordFrame.decode(new byte[7])).isNull();
        assertThat(RecordFrame.decode(new byte[0])).isNull();
    }

    @Test
    void decodeWhenVersionBelowOneThenNull() {
        assertThat(RecordFrame.decode(RecordFrame.encode(0, new byte[3]))).isNull();
        assertThat(RecordFrame.decode(RecordFrame.encode(-1, new byte[3]))).isNull();
    }

    @Test
    void prefixOfEncodedValueIsTheComparedPrefix() {
        byte[] value = RecordFrame.encode(42, new byte[] {9, 9});
        byte[] prefix = RecordFrame.versionPrefix(42);
        for (int i = 0; i < RecordFrame.PREFIX_LENGTH; i++) {
            assertThat(value[i]).isEqualTo(prefix[i]);
        }
    }
}

package io.sealedsession.core.internal;

import static io.sealedsession.core.internal.BuiltInAttributeCodecTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedsession.core.RecordFormatException;
import org.junit.jupiter.api.Test;

class BinaryReaderWriterTest {

    private static byte[] varLong(long value) {
        return new BinaryWriter(10).writeVarLong(value).toByteArray();
    }

    @Test
    void writeVarLongWhenValueIsSmallOrNegativeThenUsesTheDocumentedLength() {
        assertThat(varLong(0)).containsExactly(0);
        assertThat(varLong(127)).containsExactly(0x7F);
        assertThat(varLong(128)).containsExactly(0x80, 0x01);
        assertThat(varLong(300)).containsExactly(0xAC, 0x02);
        assertThat(varLong(-1)).hasSize(10);
        assertThat(varLong(Long.MIN_VALUE)).hasSize(10);
        assertThat(new BinaryWriter(10).writeSignedVarLong(-1).toByteArray()).containsExactly(0x01);
        assertThat(new BinaryWriter(10).writeSignedVarLong(1).toByteArray()).containsExactly(0x02);
    }

    @Test
    void readVarLongWhenARedundantZeroByteFollowsThenRefused() {
        assertThatThrownBy(() -> new BinaryReader(bytes(0x80, 0x00)).readVarLong())
                .isInstanceOf(RecordFormatException.class)
                .hasMessageContaining("redundant");
        assertThatThrownBy(() -> new BinaryReader(bytes(0xAC, 0x82, 0x00)).readVarLong())
                .isInstanceOf(RecordFormatException.class);
        assertThatThrownBy(() -> new BinaryReader(bytes(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x80, 0x00)).readVarLong())
                .isInstanceOf(RecordFormatException.class);
    }

    @Test
    void readVarLongWhenElevenBytesLongThenRefused() {
        byte[] eleven = bytes(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01);

        assertThatThrownBy(() -> new BinaryReader(eleven).readVarLong()).isInstanceOf(RecordFormatException.class);
    }

    @Test
    void readVarLongWhenTenthByteCarriesMoreThanBitSixtyThreeThenRefused() {
        for (int last = 0x02; last <= 0xFF; last++) {
            byte[] input = bytes(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, last);
            assertThatThrownBy(() -> new BinaryReader(input).readVarLong())
                    .as("tenth byte %02x", last)
                    .isInstanceOf(RecordFormatException.class);
        }
        assertThat(new BinaryReader(bytes(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01)).readVarLong())
                .isEqualTo(-1L);
    }

    @Test
    void readVarLongWhenInputEndsInsideTheNumberThenRefused() {
        assertThatThrownBy(() -> new BinaryReader(bytes(0x80)).readVarLong())
                .isInstanceOf(RecordFormatException.class)
                .hasMessageContaining("ends early");
        assertThatThrownBy(() -> new BinaryReader(new byte[0]).readVarLong()).isInstanceOf(RecordFormatException.class);
    }

    @Test
    void readCountWhenCountExceedsWhatIsLeftOrTheMaximumThenRefused() {
        assertThatThrownBy(() -> new BinaryReader(bytes(3, 0, 0)).readCount(1, 100)).isInstanceOf(RecordFormatException.class);
        assertThatThrownBy(() -> new BinaryReader(bytes(2, 0, 0, 0)).readCount(2, 100)).isInstanceOf(RecordFormatException.class);
        assertThatThrownBy(() -> new BinaryReader(bytes(5, 0, 0, 0, 0, 0)).readCount(1, 4)).isInstanceOf(RecordFormatException.class);
        assertThat(new BinaryReader(bytes(2, 0, 0, 0, 0)).readCount(2, 100)).isEqualTo(2);
    }

    @Test
    void readRawWhenLengthIsNegativeOrTooLongThenRefused() {
        assertThatThrownBy(() -> new BinaryReader(bytes(1, 2)).readRaw(-1)).isInstanceOf(RecordFormatException.class);
        assertThatThrownBy(() -> new BinaryReader(bytes(1, 2)).readRaw(3)).isInstanceOf(RecordFormatException.class);
        assertThat(new BinaryReader(bytes(1, 2)).readRaw(2)).containsExactly(1, 2);
    }

    @Test
    void readStringWhenAsciiAndOtherStringsFollowEachOtherThenEachReadsBackWhole() {
        String[] strings = {"", "plain ascii", "caf\u00e9", "\u00ff", "\uD83D\uDE00 emoji", "tail \u007f", "x"};
        BinaryWriter out = new BinaryWriter(4);
        for (String string : strings) {
            out.writeString(string);
        }
        BinaryReader in = new BinaryReader(out.toByteArray());
        for (String string : strings) {
            assertThat(in.readString()).isEqualTo(string);
        }
        in.expectEnd();
    }

    @Test
    void writeStringWhenCharactersOfEveryUtf8WidthMixThenWritesTheLengthAndTheUtf8Bytes() {
        java.util.Random random = new java.util.Random(77);
        int[][] ranges = {{0x20, 0x7F}, {0x80, 0x800}, {0x800, 0xD800}, {0xE000, 0x10000}, {0x10000, 0x110000}};
        for (int n = 0; n < 2_000; n++) {
            StringBuilder text = new StringBuilder();
            int chars = random.nextInt(40);
            for (int i = 0; i < chars; i++) {
                int[] range = ranges[random.nextInt(n % 2 == 0 ? 1 : ranges.length)];
                text.appendCodePoint(range[0] + random.nextInt(range[1] - range[0]));
            }
            String value = text.toString();
            byte[] utf8 = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            byte[] expected = new BinaryWriter(8).writeVarLong(utf8.length).writeRaw(utf8).toByteArray();

            assertThat(new BinaryWriter(1).writeString(value).toByteArray()).as(value).isEqualTo(expected);
            assertThat(new BinaryReader(expected).readString()).isEqualTo(value);
        }
    }

    @Test
    void readStringWhenMalformedBytesFollowAnAsciiPrefixThenRefused() {
        assertThatThrownBy(() -> new BinaryReader(bytes(4, 'a', 'b', 'c', 0xFF)).readString())
                .isInstanceOf(RecordFormatException.class)
                .hasMessageContaining("UTF-8");
    }

    @Test
    void readStringWhenBytesAreNotStrictUtf8ThenRefused() {
        byte[][] broken = {
            bytes(2, 0xC0, 0x80),        // overlong NUL
            bytes(3, 0xED, 0xA0, 0x80),  // a surrogate written as UTF-8
            bytes(1, 0xFF),
            bytes(2, 0xE2, 0x82),        // cut-off sequence
        };
        for (byte[] input : broken) {
            assertThatThrownBy(() -> new BinaryReader(input).readString())
                    .isInstanceOf(RecordFormatException.class)
                    .hasMessageContaining("UTF-8");
        }
    }

    @Test
    void writeStringWhenStringHasAnUnpairedSurrogateThenRefused() {
        assertThatThrownBy(() -> new BinaryWriter(8).writeString("x\udc00"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("index 1");
        assertThat(new BinaryWriter(8).writeString("\ud83d\ude00").toByteArray())
                .containsExactly(4, 0xF0, 0x9F, 0x98, 0x80);
    }

    @Test
    void unpairedSurrogateIndexWhenStringsVaryThenFindsTheFirstLoneHalf() {
        assertThat(BinaryWriter.unpairedSurrogateIndex("")).isEqualTo(-1);
        assertThat(BinaryWriter.unpairedSurrogateIndex("abc\ud83d\ude00")).isEqualTo(-1);
        assertThat(BinaryWriter.unpairedSurrogateIndex("\ud83d")).isZero();
        assertThat(BinaryWriter.unpairedSurrogateIndex("a\ude00\ud83d")).isEqualTo(1);
        assertThat(BinaryWriter.unpairedSurrogateIndex("\ud83d\ude00\ude00")).isEqualTo(2);
        assertThat(BinaryWriter.unpairedSurrogateIndex("\ud83d\ud83d\ude00")).isZero();
    }

    @Test
    void expectEndWhenBytesAreLeftThenRefused() {
        BinaryReader reader = new BinaryReader(bytes(1, 2));
        reader.readByte();

        assertThatThrownBy(reader::expectEnd).isInstanceOf(RecordFormatException.class);
        reader.readByte();
        reader.expectEnd();
    }

    @Test
    void writerWhenGrowingPastItsInitialCapacityThenKeepsEveryByte() {
        BinaryWriter writer = new BinaryWriter(1);
        for (int i = 0; i < 1000; i++) {
            writer.writeByte(i);
        }
        byte[] bytes = writer.toByteArray();

        assertThat(bytes).hasSize(1000);
        assertThat(writer.size()).isEqualTo(1000);
        for (int i = 0; i < bytes.length; i++) {
            assertThat(bytes[i]).isEqualTo((byte) i);
        }
    }
}

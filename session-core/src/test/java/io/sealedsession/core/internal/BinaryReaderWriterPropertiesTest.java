package io.sealedsession.core.internal;

import static io.sealedsession.core.testing.Generated.forAll;
import static org.assertj.core.api.Assertions.assertThat;

import io.sealedsession.core.RecordFormatException;
import io.sealedsession.core.testing.Gen;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BinaryReaderWriterPropertiesTest {

    @Test
    void readVarLongWhenGivenWhatWriteVarLongWroteThenReturnsTheSameLong() {
        forAll(5000, Gen.longs(), value -> {
            byte[] bytes = new BinaryWriter(10).writeVarLong(value).toByteArray();
            BinaryReader reader = new BinaryReader(bytes);

            assertThat(reader.readVarLong()).isEqualTo(value);
            reader.expectEnd();
            int significantBits = 64 - Long.numberOfLeadingZeros(value);
            assertThat(bytes).hasSize(Math.max(1, (significantBits + 6) / 7));
        });
    }

    @Test
    void readSignedVarLongWhenGivenWhatWriteSignedVarLongWroteThenReturnsTheSameLong() {
        forAll(5000, Gen.longs(), value -> {
            BinaryReader reader = new BinaryReader(new BinaryWriter(10).writeSignedVarLong(value).toByteArray());

            assertThat(reader.readSignedVarLong()).isEqualTo(value);
            reader.expectEnd();
        });
    }

    @Test
    void readFixedLongWhenGivenWhatWriteFixedLongWroteThenReturnsTheSameLong() {
        forAll(2000, Gen.longs(), value -> {
            BinaryReader reader = new BinaryReader(new BinaryWriter(8).writeFixedLong(value).toByteArray());

            assertThat(reader.readFixedLong()).isEqualTo(value);
            reader.expectEnd();
        });
    }

    @Test
    void readVarLongWhenAnEncodingIsPaddedWithARedundantByteThenRefused() {
        forAll(2000, Gen.longs(), value -> {
            byte[] canonical = new BinaryWriter(10).writeVarLong(value).toByteArray();
            if (canonical.length == 10) {
                return; // already at the maximum length; padding is covered by the eleven-byte test
            }
            byte[] padded = Arrays.copyOf(canonical, canonical.length + 1);
            padded[canonical.length - 1] |= (byte) 0x80;

            try {
                new BinaryReader(padded).readVarLong();
            } catch (RecordFormatException expected) {
                return;
            }
            throw new AssertionError("a padded encoding of " + value + " was accepted");
        });
    }

    @Test
    void readVarLongWhenGivenAnyBytesThenAcceptsOnlyTheCanonicalEncoding() {
        forAll(3000, Gen.byteArrays(12), input -> {
            BinaryReader reader = new BinaryReader(input);
            long value;
            try {
                value = reader.readVarLong();
            } catch (Throwable thrown) {
                assertThat(thrown).isInstanceOf(RecordFormatException.class);
                return;
            }
            int consumed = input.length - reader.remaining();
            assertThat(Arrays.copyOf(input, consumed)).isEqualTo(new BinaryWriter(10).writeVarLong(value).toByteArray());
        });
    }
}

package io.sealedsession.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedsession.core.RecordFormatException;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

class BinaryReaderWriterPropertiesTest {

    @Property(tries = 5000)
    void readVarLongWhenGivenWhatWriteVarLongWroteThenReturnsTheSameLong(@ForAll long value) {
        byte[] bytes = new BinaryWriter(10).writeVarLong(value).toByteArray();
        BinaryReader reader = new BinaryReader(bytes);

        assertThat(reader.readVarLong()).isEqualTo(value);
        reader.expectEnd();
        int significantBits = 64 - Long.numberOfLeadingZeros(value);
        assertThat(bytes).hasSize(Math.max(1, (significantBits + 6) / 7));
    }

    @Property(tries = 5000)
    void readSignedVarLongWhenGivenWhatWriteSignedVarLongWroteThenReturnsTheSameLong(@ForAll long value) {
        BinaryReader reader = new BinaryReader(new BinaryWriter(10).writeSignedVarLong(value).toByteArray());

        assertThat(reader.readSignedVarLong()).isEqualTo(value);
        reader.expectEnd();
    }

    @Property(tries = 2000)
    void readFixedLongWhenGivenWhatWriteFixedLongWroteThenReturnsTheSameLong(@ForAll long value) {
        BinaryReader reader = new BinaryReader(new BinaryWriter(8).writeFixedLong(value).toByteArray());

        assertThat(reader.readFixedLong()).isEqualTo(value);
        reader.expectEnd();
    }

    @Property(tries = 2000)
    void readVarLongWhenAnEncodingIsPaddedWithARedundantByteThenRefused(@ForAll long value) {
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
    }

    @Property(tries = 3000)
    void readVarLongWhenGivenAnyBytesThenAcceptsOnlyTheCanonicalEncoding(@ForAll @Size(max = 12) byte[] input) {
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
    }
}

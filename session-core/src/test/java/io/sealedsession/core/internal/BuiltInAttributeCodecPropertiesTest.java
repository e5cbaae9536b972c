package io.sealedsession.core.internal;

import static io.sealedsession.core.testing.Generated.forAll;
import static io.sealedsession.core.testing.Gen.weight;
import static org.assertj.core.api.Assertions.assertThat;

import io.sealedsession.core.RecordFormatException;
import io.sealedsession.core.port.AttributeCodec;
import io.sealedsession.core.testing.Gen;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuiltInAttributeCodecPropertiesTest {

    private static final AttributeCodec CODEC = AttributeCodec.builtIn();

    private static Gen<Object> values() {
        return AttributeValues.values(4);
    }

    @Test
    void decodeWhenGivenTheEncodingOfAnyValueThenReturnsAnEqualValue() {
        forAll(1000, values(), value -> {
            Object decoded = CODEC.decode("attr", CODEC.encode("attr", value));

            assertThat(AttributeValues.comparable(decoded)).isEqualTo(AttributeValues.comparable(value));
            if (value != null) {
                assertThat(decoded).isInstanceOf(value instanceof List ? List.class
                        : value instanceof Map ? Map.class : value.getClass());
            }
        });
    }

    @Test
    void encodeWhenGivenEqualValuesThenWritesIdenticalBytes() {
        forAll(1000, values(), value -> {
            Object decoded = CODEC.decode("attr", CODEC.encode("attr", value));

            assertThat(CODEC.encode("attr", decoded)).isEqualTo(CODEC.encode("attr", value));
        });
    }

    private static Gen<byte[]> anyBytes() {
        Gen<Byte> plausible = Gen.frequency(
                weight(4, Gen.ints(0, 12).map(Integer::byteValue)),
                weight(2, Gen.bytes()),
                weight(1, Gen.elements((byte) 0x80, (byte) 0xFF, (byte) 0x7F, (byte) 0x01)));
        Gen<byte[]> startsLikeAValue = plausible.list(48).map(list -> {
            byte[] bytes = new byte[list.size() + 1];
            bytes[0] = 1;
            for (int i = 0; i < list.size(); i++) {
                bytes[i + 1] = list.get(i);
            }
            return bytes;
        });
        Gen<byte[]> encodings = AttributeValues.values(3).map(value -> CODEC.encode("attr", value));
        return Gen.frequency(
                weight(1, Gen.byteArrays(64)),
                weight(2, startsLikeAValue),
                weight(3, Gen.mutated(encodings)));
    }

    @Test
    void decodeWhenGivenAnyBytesThenReturnsOrThrowsRecordFormatExceptionOnly() {
        forAll(3000, anyBytes(), input -> {
            Object decoded;
            try {
                decoded = CODEC.decode("attr", input);
            } catch (Throwable thrown) {
                assertThat(thrown).isInstanceOf(RecordFormatException.class);
                return;
            }
            // Whatever decodes was written in canonical form: there is exactly one encoding per value.
            assertThat(CODEC.encode("attr", decoded)).isEqualTo(input);
        });
    }
}

package io.sealedsession.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedsession.core.RecordFormatException;
import io.sealedsession.core.port.AttributeCodec;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

class BuiltInAttributeCodecPropertiesTest {

    private static final AttributeCodec CODEC = AttributeCodec.builtIn();

    @Provide
    Arbitrary<Object> values() {
        return AttributeValues.values(4);
    }

    @Property
    void decodeWhenGivenTheEncodingOfAnyValueThenReturnsAnEqualValue(@ForAll("values") Object value) {
        Object decoded = CODEC.decode("attr", CODEC.encode("attr", value));

        assertThat(AttributeValues.comparable(decoded)).isEqualTo(AttributeValues.comparable(value));
        if (value != null) {
            assertThat(decoded).isInstanceOf(value instanceof List ? List.class
                    : value instanceof Map ? Map.class : value.getClass());
        }
    }

    @Property
    void encodeWhenGivenEqualValuesThenWritesIdenticalBytes(@ForAll("values") Object value) {
        Object decoded = CODEC.decode("attr", CODEC.encode("attr", value));

        assertThat(CODEC.encode("attr", decoded)).isEqualTo(CODEC.encode("attr", value));
    }

    @Provide
    Arbitrary<byte[]> anyBytes() {
        Arbitrary<Byte> plausible = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.bytes().between((byte) 0, (byte) 12)),
                Tuple.of(2, Arbitraries.bytes()),
                Tuple.of(1, Arbitraries.of((byte) 0x80, (byte) 0xFF, (byte) 0x7F, (byte) 0x01)));
        Arbitrary<byte[]> startsLikeAValue = plausible.list().ofMaxSize(48).map(list -> {
            byte[] bytes = new byte[list.size() + 1];
            bytes[0] = 1;
            for (int i = 0; i < list.size(); i++) {
                bytes[i + 1] = list.get(i);
            }
            return bytes;
        });
        Arbitrary<byte[]> encodings = AttributeValues.values(3).map(value -> CODEC.encode("attr", value));
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(64)),
                Tuple.of(2, startsLikeAValue),
                Tuple.of(3, AttributeValues.mutated(encodings)));
    }

    @Property(tries = 3000)
    void decodeWhenGivenAnyBytesThenReturnsOrThrowsRecordFormatExceptionOnly(@ForAll("anyBytes") byte[] input) {
        Object decoded;
        try {
            decoded = CODEC.decode("attr", input);
        } catch (Throwable thrown) {
            assertThat(thrown).isInstanceOf(RecordFormatException.class);
            return;
        }
        // Whatever decodes was written in canonical form: there is exactly one encoding per value.
        assertThat(CODEC.encode("attr", decoded)).isEqualTo(input);
    }
}

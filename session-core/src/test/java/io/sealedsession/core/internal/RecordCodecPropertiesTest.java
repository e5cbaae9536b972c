package io.sealedsession.core.internal;

import static io.sealedsession.core.internal.RecordCodecTest.assertSameRecord;
import static org.assertj.core.api.Assertions.assertThat;

import io.sealedsession.core.RecordFormatException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

class RecordCodecPropertiesTest {

    private static Arbitrary<Instant> millisecondInstants() {
        return Arbitraries.longs().map(Instant::ofEpochMilli);
    }

    @Provide
    Arbitrary<SessionRecord> records() {
        Arbitrary<String> names = AttributeValues.strings().filter(name -> !name.isEmpty());
        Arbitrary<byte[]> values = Arbitraries.bytes().array(byte[].class).ofMaxSize(24);
        Arbitrary<Map<String, byte[]>> attributes = Arbitraries.maps(names, values).ofMaxSize(5)
                .map(LinkedHashMap::new);
        Arbitrary<Duration> idle = Arbitraries.longs().between(1, Long.MAX_VALUE).map(Duration::ofMillis);
        return Combinators.combine(millisecondInstants(), millisecondInstants(), millisecondInstants(), idle,
                        millisecondInstants(), AttributeValues.strings().injectNull(0.3), attributes)
                .as(SessionRecord::new);
    }

    @Property(tries = 500)
    void decodeWhenGivenTheEncodingOfAnyRecordThenReturnsTheSameRecord(@ForAll("records") SessionRecord record) {
        SessionRecord decoded = RecordCodec.decode(RecordCodec.encode(record));

        assertSameRecord(decoded, record);
    }

    @Provide
    Arbitrary<byte[]> anyBytes() {
        Arbitrary<byte[]> startsLikeARecord = Arbitraries.bytes().array(byte[].class).ofMaxSize(48).map(tail -> {
            byte[] bytes = new byte[tail.length + 3];
            bytes[0] = 'S';
            bytes[1] = 'R';
            bytes[2] = RecordCodec.FORMAT;
            System.arraycopy(tail, 0, bytes, 3, tail.length);
            return bytes;
        });
        Arbitrary<byte[]> encodings = records().map(RecordCodec::encode);
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(64)),
                Tuple.of(1, startsLikeARecord),
                Tuple.of(3, AttributeValues.mutated(encodings)));
    }

    @Property(tries = 3000)
    void decodeWhenGivenAnyBytesThenReturnsOrThrowsRecordFormatExceptionOnly(@ForAll("anyBytes") byte[] input) {
        SessionRecord decoded;
        try {
            decoded = RecordCodec.decode(input);
        } catch (Throwable thrown) {
            assertThat(thrown).isInstanceOf(RecordFormatException.class);
            return;
        }
        // Whatever decodes was written in canonical form: one encoding per record.
        assertThat(RecordCodec.encode(decoded)).isEqualTo(input);
    }
}

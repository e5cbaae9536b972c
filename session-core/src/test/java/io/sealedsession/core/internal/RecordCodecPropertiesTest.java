package io.sealedsession.core.internal;

import static io.sealedsession.core.internal.RecordCodecTest.assertSameRecord;
import static io.sealedsession.core.testing.Gen.weight;
import static io.sealedsession.core.testing.Generated.forAll;
import static org.assertj.core.api.Assertions.assertThat;

import io.sealedsession.core.RecordFormatException;
import io.sealedsession.core.testing.Gen;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordCodecPropertiesTest {

    private static Gen<Instant> millisecondInstants() {
        return Gen.longs().map(Instant::ofEpochMilli);
    }

    private static Gen<SessionRecord> records() {
        Gen<Instant> instants = millisecondInstants();
        Gen<String> names = AttributeValues.strings().filter(name -> !name.isEmpty());
        Gen<byte[]> values = Gen.byteArrays(24);
        Gen<Map<String, byte[]>> attributes = Gen.maps(names, values, 5);
        Gen<Duration> idle = Gen.longs(1, Long.MAX_VALUE).map(Duration::ofMillis);
        Gen<String> principals = AttributeValues.strings().orNull(0.3);

        // Edge cases: each field at its extremes in turn, the rest ordinary.
        List<SessionRecord> edges = new ArrayList<>();
        Instant now = Instant.ofEpochMilli(1_700_000_000_000L);
        for (Instant instant : instants.edgeCases()) {
            edges.add(new SessionRecord(instant, instant, instant, Duration.ofMillis(1), instant, null, Map.of()));
        }
        for (Duration timeout : idle.edgeCases()) {
            edges.add(new SessionRecord(now, now, now, timeout, now, "alice", Map.of()));
        }
        for (String principal : principals.edgeCases()) {
            edges.add(new SessionRecord(now, now, now, Duration.ofMinutes(30), now, principal, Map.of()));
        }
        for (Map<String, byte[]> attributeEdge : attributes.edgeCases()) {
            edges.add(new SessionRecord(now, now, now, Duration.ofMinutes(30), now, null, attributeEdge));
        }
        return Gen.of(edges, random -> new SessionRecord(instants.next(random), instants.next(random),
                instants.next(random), idle.next(random), instants.next(random), principals.next(random),
                new LinkedHashMap<>(attributes.next(random))));
    }

    @Test
    void decodeWhenGivenTheEncodingOfAnyRecordThenReturnsTheSameRecord() {
        forAll(500, records(), record -> {
            SessionRecord decoded = RecordCodec.decode(RecordCodec.encode(record));

            assertSameRecord(decoded, record);
        });
    }

    private static Gen<byte[]> anyBytes() {
        Gen<byte[]> startsLikeARecord = Gen.byteArrays(48).map(tail -> {
            byte[] bytes = new byte[tail.length + 3];
            bytes[0] = 'S';
            bytes[1] = 'R';
            bytes[2] = RecordCodec.FORMAT;
            System.arraycopy(tail, 0, bytes, 3, tail.length);
            return bytes;
        });
        Gen<byte[]> encodings = records().map(RecordCodec::encode);
        return Gen.frequency(
                weight(1, Gen.byteArrays(64)),
                weight(1, startsLikeARecord),
                weight(3, Gen.mutated(encodings)));
    }

    @Test
    void decodeWhenGivenAnyBytesThenReturnsOrThrowsRecordFormatExceptionOnly() {
        forAll(3000, anyBytes(), input -> {
            SessionRecord decoded;
            try {
                decoded = RecordCodec.decode(input);
            } catch (Throwable thrown) {
                assertThat(thrown).isInstanceOf(RecordFormatException.class);
                return;
            }
            // Whatever decodes was written in canonical form: one encoding per record.
            assertThat(RecordCodec.encode(decoded)).isEqualTo(input);
        });
    }
}

package io.sealedsession.core.internal;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** Generators for values the built-in attribute codec supports, and bytes derived from them. */
public final class AttributeValues {

    private AttributeValues() {}

    /** Well-formed UTF-16: ASCII, the rest of the BMP outside surrogates, and supplementary code points. */
    public static Arbitrary<String> strings() {
        Arbitrary<Integer> codePoints = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.integers().between(0x20, 0x7E)),
                Tuple.of(1, Arbitraries.integers().between(0, 0x1F)),
                Tuple.of(2, Arbitraries.integers().between(0x80, 0xD7FF)),
                Tuple.of(1, Arbitraries.integers().between(0xE000, 0xFFFF)),
                Tuple.of(2, Arbitraries.integers().between(0x10000, Character.MAX_CODE_POINT)));
        return codePoints.list().ofMaxSize(12).map(list -> {
            StringBuilder text = new StringBuilder();
            list.forEach(text::appendCodePoint);
            return text.toString();
        });
    }

    public static Arbitrary<Instant> instants() {
        return Combinators.combine(
                        Arbitraries.longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond()),
                        Arbitraries.integers().between(0, 999_999_999))
                .as(Instant::ofEpochSecond)
                .edgeCases(config -> config.add(Instant.MIN).add(Instant.MAX).add(Instant.EPOCH));
    }

    public static Arbitrary<Double> doubles() {
        return Arbitraries.oneOf(
                Arbitraries.doubles().withStandardSpecialValues(),
                Arbitraries.longs().map(Double::longBitsToDouble),
                Arbitraries.of(-0.0, Double.NaN, Double.MIN_VALUE, -Double.MAX_VALUE));
    }

    /** Scalars that may be map keys: everything but byte[]; null included. */
    public static Arbitrary<Object> keys() {
        return Arbitraries.<Object>oneOf(
                        Arbitraries.of(true, false),
                        Arbitraries.integers(),
                        Arbitraries.longs(),
                        doubles(),
                        strings(),
                        instants())
                .injectNull(0.05);
    }

    public static Arbitrary<Object> scalars() {
        return Arbitraries.frequencyOf(
                Tuple.of(8, keys()),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(40).map(b -> (Object) b)));
    }

    /** Any value the built-in codec encodes, lists and maps nested up to {@code maxDepth} levels. */
    public static Arbitrary<Object> values(int maxDepth) {
        return Arbitraries.recursive(
                AttributeValues::scalars,
                inner -> Arbitraries.frequencyOf(
                        Tuple.of(2, inner),
                        Tuple.of(2, inner.list().ofMaxSize(4).map(list -> (Object) list)),
                        Tuple.of(1, Arbitraries.maps(keys(), inner).ofMaxSize(4).map(map -> (Object) map))),
                0, maxDepth);
    }

    /**
     * A valid encoding with one thing done to it: a byte flipped, replaced, inserted or removed,
     * or the input cut short.
     */
    public static Arbitrary<byte[]> mutated(Arbitrary<byte[]> valid) {
        return Combinators.combine(valid, Arbitraries.integers().between(0, 4),
                        Arbitraries.integers().between(0, Integer.MAX_VALUE), Arbitraries.bytes())
                .as((bytes, kind, where, b) -> mutate(bytes, kind, where, b));
    }

    private static byte[] mutate(byte[] bytes, int kind, int where, byte b) {
        int at = bytes.length == 0 ? 0 : where % bytes.length;
        switch (kind) {
            case 0:
                if (bytes.length > 0) {
                    bytes[at] ^= (byte) (1 << (where % 8));
                }
                return bytes;
            case 1:
                if (bytes.length > 0) {
                    bytes[at] = b;
                }
                return bytes;
            case 2: {
                byte[] longer = new byte[bytes.length + 1];
                System.arraycopy(bytes, 0, longer, 0, at);
                longer[at] = b;
                System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
                return longer;
            }
            case 3: {
                if (bytes.length == 0) {
                    return bytes;
                }
                byte[] shorter = new byte[bytes.length - 1];
                System.arraycopy(bytes, 0, shorter, 0, at);
                System.arraycopy(bytes, at + 1, shorter, at, bytes.length - at - 1);
                return shorter;
            }
            default:
                return Arrays.copyOf(bytes, at);
        }
    }

    /**
     * A form of {@code value} that compares by content: every byte[] becomes a read-only
     * {@link ByteBuffer}, whose equality is by content.
     */
    public static Object comparable(Object value) {
        if (value instanceof byte[] bytes) {
            return ByteBuffer.wrap(bytes.clone()).asReadOnlyBuffer();
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(item -> out.add(comparable(item)));
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((key, item) -> out.put(key, comparable(item)));
            return out;
        }
        return value;
    }
}

package io.sealedsession.core.internal;

import io.sealedsession.core.testing.Gen;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Generators for the values the built-in attribute codec supports. */
public final class AttributeValues {

    private AttributeValues() {}

    /** Well-formed UTF-16: ASCII, control characters, the rest of the BMP outside surrogates, and supplementary code points. */
    public static Gen<String> strings() {
        return Gen.strings();
    }

    public static Gen<Instant> instants() {
        return Gen.instants();
    }

    public static Gen<Double> doubles() {
        return Gen.doubles();
    }

    /** Scalars that may be map keys: everything but byte[]; null included. */
    public static Gen<Object> keys() {
        Gen<Object> scalar = Gen.frequency(
                Gen.weight(1, Gen.elements(true, false)),
                Gen.weight(1, Gen.ints()),
                Gen.weight(1, Gen.longs()),
                Gen.weight(1, doubles()),
                Gen.weight(1, strings()),
                Gen.weight(1, instants()));
        return scalar.orNull(0.05);
    }

    public static Gen<Object> scalars() {
        return Gen.frequency(
                Gen.weight(8, keys()),
                Gen.weight(1, Gen.byteArrays(40)));
    }

    /** Any value the built-in codec encodes, lists and maps nested up to {@code maxDepth} levels. */
    public static Gen<Object> values(int maxDepth) {
        return Gen.recursive(
                scalars(),
                inner -> Gen.frequency(
                        Gen.weight(2, inner),
                        Gen.weight(2, inner.list(4)),
                        Gen.weight(1, Gen.maps(keys(), inner, 4))),
                maxDepth);
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

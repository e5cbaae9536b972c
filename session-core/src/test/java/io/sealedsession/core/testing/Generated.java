package io.sealedsession.core.testing;

import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.StringJoiner;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs a property over generated values: every edge case of the generator first, then
 * {@code tries} values drawn from a {@link Random} seeded afresh for each run. A failure names the
 * input and the seed; rerun with {@code -Dsealedsession.seed=<seed>} (and {@code -Dtest=Class#method})
 * to draw the same values again. There is no shrinking.
 */
public final class Generated {

    /** The system property that fixes the seed of every property run. */
    public static final String SEED_PROPERTY = "sealedsession.seed";

    public static final int DEFAULT_TRIES = 1000;

    private static final int MAX_DESCRIPTION = 2000;

    /** The property itself: returns normally when it holds for {@code value}, throws otherwise. */
    @FunctionalInterface
    public interface Check<T> {
        void accept(T value) throws Exception;
    }

    private Generated() {}

    public static <T> void forAll(Gen<T> gen, Check<? super T> property) {
        forAll(DEFAULT_TRIES, gen, property);
    }

    public static <T> void forAll(int tries, Gen<T> gen, Check<? super T> property) {
        String fixed = System.getProperty(SEED_PROPERTY);
        long seed = fixed == null || fixed.isBlank() ? ThreadLocalRandom.current().nextLong() : Long.parseLong(fixed.trim());
        Random random = new Random(seed);
        List<T> edgeCases = gen.edgeCases();
        int total = edgeCases.size() + tries;
        for (int i = 0; i < total; i++) {
            boolean edge = i < edgeCases.size();
            T value = edge ? edgeCases.get(i) : gen.next(random);
            try {
                property.accept(value);
            } catch (Throwable failure) {
                throw new AssertionError("property failed on " + (edge ? "edge case " + (i + 1) + " of " + edgeCases.size()
                        : "random try " + (i - edgeCases.size() + 1) + " of " + tries)
                        + ", seed " + seed + " (rerun with -D" + SEED_PROPERTY + "=" + seed + ")"
                        + "\n  input: " + describe(value)
                        + "\n  failure: " + truncate(failure.toString().strip()).replace("\n", "\n    "), failure);
            }
        }
    }

    /** A readable form of {@code value}: strings quoted and escaped, byte arrays in hex, records and arrays spelled out. */
    public static String describe(Object value) {
        return truncate(describe(value, new StringBuilder()).toString());
    }

    private static String truncate(String text) {
        return text.length() <= MAX_DESCRIPTION ? text : text.substring(0, MAX_DESCRIPTION) + "... (" + text.length() + " chars)";
    }

    private static StringBuilder describe(Object value, StringBuilder out) {
        if (out.length() > MAX_DESCRIPTION) {
            return out.append("...");
        }
        if (value == null) {
            return out.append("null");
        }
        if (value instanceof byte[] bytes) {
            int shown = Math.min(bytes.length, 256);
            out.append("byte[").append(bytes.length).append("] ").append(HexFormat.of().formatHex(bytes, 0, shown));
            return shown < bytes.length ? out.append("...") : out;
        }
        if (value instanceof String text) {
            out.append('"');
            text.chars().limit(500).forEach(c -> out.append(c >= 0x20 && c < 0x7F && c != '"' && c != '\\'
                    ? String.valueOf((char) c) : String.format("\\u%04x", c)));
            return out.append(text.length() > 500 ? "\"... (" + text.length() + " chars)" : "\"");
        }
        if (value instanceof Long l) {
            return out.append(l).append('L');
        }
        if (value instanceof Double d) {
            return out.append(d).append(Double.isNaN(d) ? "(0x" + Long.toHexString(Double.doubleToRawLongBits(d)) + ")" : "");
        }
        if (value.getClass().isArray()) {
            StringJoiner items = new StringJoiner(", ", "[", "]");
            for (int i = 0; i < Array.getLength(value); i++) {
                items.add(describe(Array.get(value, i)));
            }
            return out.append(value.getClass().getComponentType().getSimpleName()).append(items);
        }
        if (value instanceof List<?> list) {
            out.append(value.getClass().getSimpleName()).append('[');
            for (int i = 0; i < list.size(); i++) {
                describe(list.get(i), out.append(i == 0 ? "" : ", "));
            }
            return out.append(']');
        }
        if (value instanceof Map<?, ?> map) {
            out.append(value.getClass().getSimpleName()).append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.append(first ? "" : ", ");
                describe(entry.getKey(), out).append('=');
                describe(entry.getValue(), out);
                first = false;
            }
            return out.append('}');
        }
        if (value.getClass().isRecord()) {
            out.append(value.getClass().getSimpleName()).append('[');
            RecordComponent[] components = value.getClass().getRecordComponents();
            for (int i = 0; i < components.length; i++) {
                out.append(i == 0 ? "" : ", ").append(components[i].getName()).append('=');
                try {
                    components[i].getAccessor().setAccessible(true);
                    describe(components[i].getAccessor().invoke(value), out);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    out.append('?');
                }
            }
            return out.append(']');
        }
        return out.append(value).append(value instanceof Number || value instanceof Boolean ? "" : " (" + value.getClass().getSimpleName() + ")");
    }
}

package io.sealedsession.core.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A generator: a function from a {@link Random} to a value, plus a short list of edge cases that
 * {@link Generated#forAll} tries before any random value. The basic generators also draw their
 * edge cases now and then while generating, so edge values show up inside composite values too.
 */
@FunctionalInterface
public interface Gen<T> {

    T next(Random random);

    /** Values tried first, in order; none by default. */
    default List<T> edgeCases() {
        return List.of();
    }

    // ---------------------------------------------------------------- combinators

    /** Tries {@code edgeCases} first; then draws from {@code random}, or one time in eight picks an edge case again. */
    static <T> Gen<T> of(List<T> edgeCases, Gen<T> random) {
        List<T> edges = Collections.unmodifiableList(new ArrayList<>(edgeCases));
        return new Gen<>() {
            @Override
            public T next(Random r) {
                return r.nextInt(8) == 0 && !edges.isEmpty() ? edges.get(r.nextInt(edges.size())) : random.next(r);
            }

            @Override
            public List<T> edgeCases() {
                return edges;
            }
        };
    }

    default <R> Gen<R> map(Function<? super T, ? extends R> mapper) {
        Gen<T> self = this;
        return new Gen<>() {
            @Override
            public R next(Random random) {
                return mapper.apply(self.next(random));
            }

            @Override
            public List<R> edgeCases() {
                List<R> out = new ArrayList<>();
                self.edgeCases().forEach(edge -> out.add(mapper.apply(edge)));
                return out;
            }
        };
    }

    default Gen<T> filter(Predicate<? super T> keep) {
        Gen<T> self = this;
        return new Gen<>() {
            @Override
            public T next(Random random) {
                for (int attempt = 0; attempt < 10_000; attempt++) {
                    T value = self.next(random);
                    if (keep.test(value)) {
                        return value;
                    }
                }
                throw new IllegalStateException("filter rejected 10,000 values in a row");
            }

            @Override
            public List<T> edgeCases() {
                return self.edgeCases().stream().filter(keep).toList();
            }
        };
    }

    /** This generator, or null with the given probability; null is the first edge case. */
    default Gen<T> orNull(double probability) {
        Gen<T> self = this;
        List<T> edges = new ArrayList<>();
        edges.add(null);
        edges.addAll(self.edgeCases());
        return new Gen<>() {
            @Override
            public T next(Random random) {
                return random.nextDouble() < probability ? null : self.next(random);
            }

            @Override
            public List<T> edgeCases() {
                return edges;
            }
        };
    }

    /** Lists of 0 to {@code maxSize} elements; edge cases: the empty list and one list of every element edge case. */
    default Gen<List<T>> list(int maxSize) {
        Gen<T> self = this;
        return new Gen<>() {
            @Override
            public List<T> next(Random random) {
                int size = random.nextInt(maxSize + 1);
                List<T> list = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    list.add(self.next(random));
                }
                return list;
            }

            @Override
            public List<List<T>> edgeCases() {
                List<T> edges = self.edgeCases();
                return edges.isEmpty() ? List.of(new ArrayList<>()) : List.of(new ArrayList<>(), new ArrayList<>(edges));
            }
        };
    }

    /** Maps of up to {@code maxSize} entries; edge cases: the empty map and one map pairing the edge cases. */
    static <K, V> Gen<Map<K, V>> maps(Gen<K> keys, Gen<V> values, int maxSize) {
        return new Gen<>() {
            @Override
            public Map<K, V> next(Random random) {
                int size = random.nextInt(maxSize + 1);
                Map<K, V> map = new LinkedHashMap<>();
                for (int i = 0; i < size; i++) {
                    map.put(keys.next(random), values.next(random));
                }
                return map;
            }

            @Override
            public List<Map<K, V>> edgeCases() {
                List<K> keyEdges = keys.edgeCases();
                List<V> valueEdges = values.edgeCases();
                Map<K, V> paired = new LinkedHashMap<>();
                for (int i = 0; i < keyEdges.size() && !valueEdges.isEmpty(); i++) {
                    paired.put(keyEdges.get(i), valueEdges.get(i % valueEdges.size()));
                }
                return paired.isEmpty() ? List.of(new LinkedHashMap<>()) : List.of(new LinkedHashMap<>(), paired);
            }
        };
    }

    /** One of the given values, all of them edge cases. */
    @SafeVarargs
    static <T> Gen<T> elements(T... values) {
        List<T> all = new ArrayList<>();
        for (T value : values) {
            all.add(value);
        }
        return of(all, random -> all.get(random.nextInt(all.size())));
    }

    record Weighted<T>(int weight, Gen<? extends T> gen) {}

    static <T> Weighted<T> weight(int weight, Gen<? extends T> gen) {
        return new Weighted<>(weight, gen);
    }

    /** Picks a generator with probability proportional to its weight; the edge cases of all of them. */
    @SafeVarargs
    static <T> Gen<T> frequency(Weighted<? extends T>... weighted) {
        List<Weighted<? extends T>> choices = new ArrayList<>();
        for (Weighted<? extends T> choice : weighted) {
            choices.add(choice);
        }
        int total = choices.stream().mapToInt(Weighted::weight).sum();
        return new Gen<>() {
            @Override
            public T next(Random random) {
                int pick = random.nextInt(total);
                for (Weighted<? extends T> choice : choices) {
                    pick -= choice.weight();
                    if (pick < 0) {
                        return choice.gen().next(random);
                    }
                }
                throw new AssertionError("unreachable");
            }

            @Override
            public List<T> edgeCases() {
                List<T> edges = new ArrayList<>();
                for (Weighted<? extends T> choice : choices) {
                    edges.addAll(choice.gen().edgeCases());
                }
                return edges;
            }
        };
    }

    /**
     * Values nested up to {@code maxDepth} levels: a depth is drawn uniformly, then {@code deeper}
     * is applied that many times to {@code base}. Edge cases: those of the deepest level.
     */
    static <T> Gen<T> recursive(Gen<T> base, Function<Gen<T>, Gen<T>> deeper, int maxDepth) {
        List<Gen<T>> levels = new ArrayList<>(List.of(base));
        for (int depth = 1; depth <= maxDepth; depth++) {
            levels.add(deeper.apply(levels.get(depth - 1)));
        }
        return of(levels.get(maxDepth).edgeCases(), random -> levels.get(random.nextInt(maxDepth + 1)).next(random));
    }

    // ---------------------------------------------------------------- numbers

    /** Any int, biased toward 0, ±1, MIN, MAX and small magnitudes. */
    static Gen<Integer> ints() {
        return of(List.of(0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, Integer.MIN_VALUE + 1, Integer.MAX_VALUE - 1),
                random -> random.nextBoolean() ? random.nextInt() : random.nextInt() >> random.nextInt(32));
    }

    /** An int in {@code [min, max]}, uniformly; edge cases: both bounds. */
    static Gen<Integer> ints(int min, int max) {
        return of(List.of(min, max), random -> (int) random.nextLong(min, (long) max + 1));
    }

    /**
     * Any long, biased toward 0, ±1, MIN, MAX, the boundaries of 7-bit groups (where a varint gains
     * a byte) and every magnitude from 1 to 64 bits.
     */
    static Gen<Long> longs() {
        List<Long> edges = new ArrayList<>(List.of(0L, 1L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE - 1));
        for (int bits = 7; bits < 64; bits += 7) {
            edges.add((1L << bits) - 1);
            edges.add(1L << bits);
            edges.add(-(1L << bits));
        }
        return of(edges, random -> switch (random.nextInt(4)) {
            case 0 -> random.nextLong();
            case 1 -> (1L << random.nextInt(64)) + random.nextInt(3) - 1;
            default -> random.nextLong() >> random.nextInt(64);
        });
    }

    /** A long in {@code [min, max]}, with the bias of {@link #longs()} where it fits; edge cases: both bounds. */
    static Gen<Long> longs(long min, long max) {
        Gen<Long> any = longs();
        return of(List.of(min, max), random -> {
            long biased = any.next(random);
            if (biased >= min && biased <= max && random.nextBoolean()) {
                return biased;
            }
            return max < Long.MAX_VALUE ? random.nextLong(min, max + 1)
                    : min > Long.MIN_VALUE ? random.nextLong(min - 1, max) + 1 : random.nextLong();
        });
    }

    /** Any double: NaN (with odd payloads too), ±0.0, ±Infinity, extremes, subnormals and ordinary values. */
    static Gen<Double> doubles() {
        return of(List.of(Double.NaN, 0.0, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                        Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE,
                        1.0, -1.0, 0.1, Double.longBitsToDouble(0x7FF0_0000_0000_0001L),
                        Double.longBitsToDouble(0xFFF8_0000_0000_0000L)),
                random -> switch (random.nextInt(3)) {
                    case 0 -> Double.longBitsToDouble(random.nextLong());
                    case 1 -> random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20);
                    default -> random.nextInt(2_000_001) / 100.0 - 10_000;
                });
    }

    /** Any instant from {@link Instant#MIN} to {@link Instant#MAX}. */
    static Gen<Instant> instants() {
        Gen<Long> seconds = longs(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond());
        return of(List.of(Instant.MIN, Instant.MAX, Instant.EPOCH, Instant.EPOCH.minusNanos(1),
                        Instant.ofEpochSecond(Instant.MIN.getEpochSecond(), 999_999_999),
                        Instant.ofEpochSecond(Instant.MAX.getEpochSecond(), 0)),
                random -> Instant.ofEpochSecond(seconds.next(random), switch (random.nextInt(4)) {
                    case 0 -> 0;
                    case 1 -> random.nextBoolean() ? 1 : 999_999_999;
                    default -> random.nextInt(1_000_000_000);
                }));
    }

    // ---------------------------------------------------------------- text and bytes

    /**
     * Code points of well-formed UTF-16: mostly printable ASCII, then control characters, the rest
     * of the BMP outside the surrogates, and supplementary code points.
     */
    static Gen<Integer> codePoints() {
        return frequency(
                weight(6, ints(0x20, 0x7E)),
                weight(1, ints(0, 0x1F)),
                weight(2, ints(0x80, 0xD7FF)),
                weight(1, ints(0xE000, 0xFFFF)),
                weight(2, ints(0x10000, Character.MAX_CODE_POINT)));
    }

    /**
     * Well-formed strings: usually up to 12 code points, one in sixteen up to 300 (so that UTF-8
     * lengths cross 127 bytes); edge cases include the empty string, control characters, surrogate
     * pairs and a long string.
     */
    static Gen<String> strings() {
        Gen<Integer> codePoints = codePoints();
        StringBuilder longOne = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            longOne.append("a\u00e9\u4e2d\ud83d\ude00".charAt(i % 5));
        }
        return of(List.of("", " ", "a", "\0", "\t\r\n\u001f", "\u00e9", "\u07ff\u0800", "\ud7ff\ue000\uffff",
                        "\ud83d\ude00", new String(Character.toChars(Character.MAX_CODE_POINT)),
                        "caf\u00e9 \ud83d\ude00\0", "a".repeat(127), "a".repeat(128), longOne.append("\ud83d\ude00").toString()),
                random -> {
                    int length = random.nextInt(16) == 0 ? random.nextInt(301) : random.nextInt(13);
                    StringBuilder text = new StringBuilder();
                    for (int i = 0; i < length; i++) {
                        text.appendCodePoint(codePoints.next(random));
                    }
                    return text.toString();
                });
    }

    /** Strings of {@code minLength} to {@code maxLength} chars, each drawn uniformly from {@code alphabet}. */
    static Gen<String> strings(String alphabet, int minLength, int maxLength) {
        return of(List.of(String.valueOf(alphabet.charAt(0)).repeat(minLength),
                        String.valueOf(alphabet.charAt(alphabet.length() - 1)).repeat(maxLength)),
                random -> {
                    char[] chars = new char[random.nextInt(minLength, maxLength + 1)];
                    for (int i = 0; i < chars.length; i++) {
                        chars[i] = alphabet.charAt(random.nextInt(alphabet.length()));
                    }
                    return new String(chars);
                });
    }

    /** Strings of any chars, unpaired and reversed surrogates included, up to {@code maxLength} chars. */
    static Gen<String> anyStrings(int maxLength) {
        return of(List.of("", "\0", "\ud800", "\udfff", "\ude00\ud83d", "a\ud83d", "\uffff"),
                random -> {
                    char[] chars = new char[random.nextInt(maxLength + 1)];
                    for (int i = 0; i < chars.length; i++) {
                        chars[i] = (char) random.nextInt(0x10000);
                    }
                    return new String(chars);
                });
    }

    /** Any byte, biased toward 0x00, 0x01, 0x7F, 0x80, 0x81, 0xFE and 0xFF. */
    static Gen<Byte> bytes() {
        return of(List.of((byte) 0, (byte) 0x01, (byte) 0x7F, (byte) 0x80, (byte) 0x81, (byte) 0xFE, (byte) 0xFF),
                random -> (byte) random.nextInt());
    }

    /** Byte arrays of 0 to {@code maxLength} bytes, with the bias of {@link #bytes()}. */
    static Gen<byte[]> byteArrays(int maxLength) {
        Gen<Byte> bytes = bytes();
        List<byte[]> edges = new ArrayList<>(List.of(new byte[0]));
        if (maxLength > 0) {
            bytes.edgeCases().forEach(b -> edges.add(new byte[] {b}));
            for (byte fill : new byte[] {0, (byte) 0x80, (byte) 0xFF}) {
                byte[] full = new byte[maxLength];
                Arrays.fill(full, fill);
                edges.add(full);
            }
        }
        return of(edges, random -> {
            byte[] out = new byte[random.nextInt(8) == 0 ? maxLength : random.nextInt(maxLength + 1)];
            for (int i = 0; i < out.length; i++) {
                out[i] = bytes.next(random);
            }
            return out;
        }).map(byte[]::clone);
    }

    /**
     * A valid encoding with one thing done to it: a bit flipped, a byte replaced, inserted or
     * removed, or the input cut short. Edge cases: every proper prefix of every edge-case encoding
     * of at most 64 bytes.
     */
    static Gen<byte[]> mutated(Gen<byte[]> valid) {
        List<byte[]> prefixes = new ArrayList<>();
        for (byte[] edge : valid.edgeCases()) {
            for (int length = 0; length < edge.length && edge.length <= 64; length++) {
                prefixes.add(Arrays.copyOf(edge, length));
            }
        }
        return of(prefixes, random -> mutate(valid.next(random), random)).map(byte[]::clone);
    }

    private static byte[] mutate(byte[] valid, Random random) {
        byte[] bytes = valid.clone();
        int at = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
        byte b = (byte) random.nextInt();
        switch (random.nextInt(5)) {
            case 0 -> {
                if (bytes.length > 0) {
                    bytes[at] ^= (byte) (1 << random.nextInt(8));
                }
                return bytes;
            }
            case 1 -> {
                if (bytes.length > 0) {
                    bytes[at] = b;
                }
                return bytes;
            }
            case 2 -> {
                byte[] longer = new byte[bytes.length + 1];
                System.arraycopy(bytes, 0, longer, 0, at);
                longer[at] = b;
                System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
                return longer;
            }
            case 3 -> {
                if (bytes.length == 0) {
                    return bytes;
                }
                byte[] shorter = new byte[bytes.length - 1];
                System.arraycopy(bytes, 0, shorter, 0, at);
                System.arraycopy(bytes, at + 1, shorter, at, bytes.length - at - 1);
                return shorter;
            }
            default -> {
                return Arrays.copyOf(bytes, at);
            }
        }
    }
}

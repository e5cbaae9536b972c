package io.sealedsession.tests.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * A mutation fuzzer for the decoders: it starts from valid inputs (seeds), stacks random
 * mutations on them (bit flips, interesting bytes and lengths, insertions, deletions, repeats,
 * splices of two inputs, truncations) and feeds every result to a target, which must either
 * accept the input or reject it in the decoder's own documented way. Anything else (another
 * exception, an error such as a stack overflow, an assertion of the target) is a crash.
 *
 * <p>Fixed and bounded by default, so {@code verify} runs the same inputs every time: the seed is
 * {@value #DEFAULT_SEED} and each fuzz test runs its own number of inputs (a few thousand, well
 * under a second or two). On demand, {@code -Dsealedsession.fuzz.inputs=N} runs N inputs per fuzz
 * test and {@code -Dsealedsession.fuzz.seed=S} draws other ones (see docs/security.md).
 *
 * <p>A crash fails the test with the seed, the input's number, the input itself (hex and text)
 * and the file it was saved to under {@code target/fuzz-crashes/<test>/}, so it can be replayed
 * and kept as a regression seed.
 */
final class Fuzz {

    static final String INPUTS_PROPERTY = "sealedsession.fuzz.inputs";
    static final String SEED_PROPERTY = "sealedsession.fuzz.seed";
    static final long DEFAULT_SEED = 20_261_201L;

    /** Inputs never grow past this, so a run stays fast and no input is sized by the fuzzer alone. */
    private static final int MAX_LENGTH = 8 * 1024;
    /** Mutated inputs kept to be mutated further, so mutations compound. */
    private static final int POOL = 256;

    private static final byte[] INTERESTING_BYTES = {0, 1, -1, 0x7F, (byte) 0x80, 0x20, 0x0A, 0x0D, 0x3B, 0x3D, 0x2C, 0x22,
        0x5C, 0x25, 0x7B, 0x7D, 0x5B, 0x5D, 0x3A, 0x2F, 0x40, 0x23, 0x3F, (byte) 0xC0, (byte) 0xED, (byte) 0xF4};
    private static final long[] INTERESTING_NUMBERS = {0, 1, -1, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF,
        0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFFL, Long.MAX_VALUE, Long.MIN_VALUE, 64 * 1024, 64 * 1024 + 1};

    /** What is fuzzed: returns when the input is handled as documented, throws otherwise. */
    @FunctionalInterface
    interface Target {
        void accept(byte[] input) throws Exception;
    }

    private Fuzz() {}

    /** The number of inputs to run: the property's, else {@code defaultInputs}. */
    static int inputs(int defaultInputs) {
        String value = System.getProperty(INPUTS_PROPERTY);
        return value == null || value.isBlank() ? defaultInputs : Integer.parseInt(value.trim());
    }

    static long seed() {
        String value = System.getProperty(SEED_PROPERTY);
        return value == null || value.isBlank() ? DEFAULT_SEED : Long.parseLong(value.trim());
    }

    /**
     * Runs {@code target} on every seed, then on {@link #inputs(int)} mutated inputs.
     *
     * @param name the fuzz test's name, for the crash directory
     */
    static void run(String name, List<byte[]> seeds, int defaultInputs, Target target) {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("a fuzz test needs at least one seed");
        }
        long seed = seed();
        int inputs = inputs(defaultInputs);
        Random random = new Random(seed ^ name.hashCode());
        List<byte[]> pool = new ArrayList<>(seeds);
        for (int i = 0; i < seeds.size(); i++) {
            check(name, target, seeds.get(i), seed, "seed " + (i + 1));
        }
        for (int i = 0; i < inputs; i++) {
            byte[] parent = pool.get(random.nextInt(pool.size()));
            byte[] input = parent;
            int stacked = 1 + random.nextInt(4);
            for (int m = 0; m < stacked; m++) {
                input = mutate(input, pool, random);
            }
            check(name, target, input, seed, "input " + (i + 1) + " of " + inputs);
            if (pool.size() < POOL + seeds.size()) {
                pool.add(input);
            } else {
                pool.set(seeds.size() + random.nextInt(POOL), input);
            }
        }
    }

    /** {@link #run} for text decoders: inputs are UTF-8, and a mutation may leave them malformed (decoded with replacement). */
    static void runText(String name, List<String> seeds, int defaultInputs, TextTarget target) {
        run(name, seeds.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList(), defaultInputs,
                input -> target.accept(new String(input, StandardCharsets.UTF_8)));
    }

    /** What is fuzzed, for text decoders. */
    @FunctionalInterface
    interface TextTarget {
        void accept(String input) throws Exception;
    }

    private static void check(String name, Target target, byte[] input, long seed, String which) {
        try {
            target.accept(input.clone());
        } catch (Throwable crash) {
            Path saved = save(name, input);
            throw new AssertionError("fuzz test " + name + " crashed on " + which + " (seed " + seed + "; rerun with -D"
                    + SEED_PROPERTY + "=" + seed + "), saved to " + saved + "\n  input: byte[" + input.length + "] "
                    + HexFormat.of().formatHex(input, 0, Math.min(input.length, 512))
                    + "\n  as text: " + printable(input) + "\n  crash: " + crash, crash);
        }
    }

    private static Path save(String name, byte[] input) {
        try {
            Path dir = Path.of("target", "fuzz-crashes", name);
            Files.createDirectories(dir);
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(input);
            Path file = dir.resolve("crash-" + HexFormat.of().formatHex(digest, 0, 8));
            Files.write(file, input);
            return file.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("could not save the crashing input", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String printable(byte[] input) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < Math.min(input.length, 300); i++) {
            int b = input[i] & 0xFF;
            text.append(b >= 0x20 && b < 0x7F ? String.valueOf((char) b) : String.format("\\x%02x", b));
        }
        return text.toString();
    }

    private static byte[] mutate(byte[] input, List<byte[]> pool, Random random) {
        byte[] out;
        switch (random.nextInt(11)) {
            case 0 -> { // flip one bit
                if (input.length == 0) {
                    return new byte[] {(byte) random.nextInt()};
                }
                out = input.clone();
                out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
            }
            case 1 -> { // an interesting byte somewhere
                if (input.length == 0) {
                    return new byte[] {INTERESTING_BYTES[random.nextInt(INTERESTING_BYTES.length)]};
                }
                out = input.clone();
                out[random.nextInt(out.length)] = INTERESTING_BYTES[random.nextInt(INTERESTING_BYTES.length)];
            }
            case 2 -> { // an interesting number, 1, 2, 4 or 8 bytes, big-endian, over what is there
                int width = 1 << random.nextInt(4);
                if (input.length < width) {
                    return input;
                }
                out = input.clone();
                long number = INTERESTING_NUMBERS[random.nextInt(INTERESTING_NUMBERS.length)];
                int at = random.nextInt(out.length - width + 1);
                for (int i = 0; i < width; i++) {
                    out[at + i] = (byte) (number >>> (8 * (width - 1 - i)));
                }
            }
            case 3 -> { // insert random bytes
                byte[] inserted = new byte[1 + random.nextInt(16)];
                random.nextBytes(inserted);
                out = insert(input, random.nextInt(input.length + 1), inserted);
            }
            case 4 -> { // delete a range
                if (input.length == 0) {
                    return input;
                }
                int from = random.nextInt(input.length);
                int to = Math.min(input.length, from + 1 + random.nextInt(Math.max(1, input.length / 4)));
                out = concat(Arrays.copyOfRange(input, 0, from), Arrays.copyOfRange(input, to, input.length));
            }
            case 5 -> { // repeat a range, sometimes many times
                if (input.length == 0) {
                    return input;
                }
                int from = random.nextInt(input.length);
                int to = Math.min(input.length, from + 1 + random.nextInt(16));
                byte[] range = Arrays.copyOfRange(input, from, to);
                int times = random.nextInt(8) == 0 ? 64 + random.nextInt(256) : 1 + random.nextInt(4);
                byte[] repeated = new byte[0];
                for (int i = 0; i < times && repeated.length + range.length <= MAX_LENGTH; i++) {
                    repeated = concat(repeated, range);
                }
                out = insert(input, to, repeated);
            }
            case 6 -> { // truncate
                out = Arrays.copyOf(input, input.length == 0 ? 0 : random.nextInt(input.length));
            }
            case 7 -> { // splice with another input
                byte[] other = pool.get(random.nextInt(pool.size()));
                int cut = random.nextInt(input.length + 1);
                int otherCut = random.nextInt(other.length + 1);
                out = concat(Arrays.copyOfRange(input, 0, cut), Arrays.copyOfRange(other, otherCut, other.length));
            }
            case 8 -> { // swap two bytes
                if (input.length < 2) {
                    return input;
                }
                out = input.clone();
                int a = random.nextInt(out.length);
                int b = random.nextInt(out.length);
                byte t = out[a];
                out[a] = out[b];
                out[b] = t;
            }
            case 9 -> { // a run of random bytes replacing a range
                out = input.clone();
                for (int i = 0; i < Math.min(out.length, 1 + random.nextInt(8)); i++) {
                    out[random.nextInt(out.length)] = (byte) random.nextInt();
                }
            }
            default -> { // something else altogether, now and then
                out = new byte[random.nextInt(64)];
                random.nextBytes(out);
            }
        }
        return out.length > MAX_LENGTH ? Arrays.copyOf(out, MAX_LENGTH) : out;
    }

    private static byte[] insert(byte[] input, int at, byte[] inserted) {
        return concat(concat(Arrays.copyOfRange(input, 0, at), inserted), Arrays.copyOfRange(input, at, input.length));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

package io.sealedsession.benchmarks.support;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The session content every contender stores: the user, a CSRF token and a number of notes (5 in
 * the side-by-side run). The same strings for everyone, made once from a seeded generator.
 */
public final class Content {

    /** The three sizes of the micro benchmarks: no notes, the side-by-side run's 5, and 50. */
    public enum Size {
        SMALL(0), TYPICAL(5), LARGE(50);

        private final int notes;

        Size(int notes) {
            this.notes = notes;
        }

        public int notes() {
            return notes;
        }
    }

    private static final String[] WORDS = {"invoice", "meeting", "draft", "review", "shipping", "order", "reply", "budget"};

    private Content() {}

    /** The user of session {@code i}. */
    public static String user(int i) {
        return "user-" + i + "@example.com";
    }

    /** A fresh 43-character CSRF token (32 random bytes, base64url). */
    public static String csrf(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** {@code count} short notes of a few words each, about 40 characters apiece. */
    public static List<String> notes(int count, int seed) {
        List<String> notes = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            int w = seed + n;
            notes.add("note " + n + ": " + WORDS[w % WORDS.length] + " for " + WORDS[(w / 3) % WORDS.length]
                    + ", due in " + (1 + w % 28) + " days");
        }
        return notes;
    }

    /** A seeded pool of CSRF tokens, so that no random number is drawn in a measured loop. */
    public static String[] csrfPool(int size, long seed) {
        SecureRandom random = seeded(seed);
        String[] pool = new String[size];
        for (int i = 0; i < size; i++) {
            pool[i] = csrf(random);
        }
        return pool;
    }

    /** A deterministic {@link SecureRandom} for content (never for tokens or keys). */
    public static SecureRandom seeded(long seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed);
            return random;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

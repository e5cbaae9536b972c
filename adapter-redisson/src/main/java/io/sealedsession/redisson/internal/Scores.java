package io.sealedsession.redisson.internal;

import java.util.Locale;

/** Sorted-set scores as Redis reads and writes them. */
public final class Scores {

    /** 2^53: every integer below it is exact as a double, so it is sent without a decimal point. */
    private static final double EXACT_INTEGERS = 9_007_199_254_740_992d;

    private Scores() {}

    /**
     * A score as a command argument: {@code +inf}, {@code -inf}, an integer without exponent (the
     * store's scores are epoch milliseconds), or Java's shortest round-trip decimal otherwise,
     * which Redis parses back to the same double.
     *
     * @throws IllegalArgumentException for NaN, which Redis refuses
     */
    public static String format(double score) {
        if (Double.isNaN(score)) {
            throw new IllegalArgumentException("a sorted-set score is a number, but was NaN");
        }
        if (score == Double.POSITIVE_INFINITY) {
            return "+inf";
        }
        if (score == Double.NEGATIVE_INFINITY) {
            return "-inf";
        }
        if (score == Math.rint(score) && Math.abs(score) < EXACT_INTEGERS) {
            return Long.toString((long) score);
        }
        return Double.toString(score);
    }

    /** An exclusive bound: {@code (score}. */
    public static String exclusive(double score) {
        return "(" + format(score);
    }

    /** A score as Redis writes it in a reply: a decimal, {@code inf}, {@code +inf} or {@code -inf}. */
    public static double parse(String text) {
        switch (text.toLowerCase(Locale.ROOT)) {
            case "inf", "+inf" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-inf" -> {
                return Double.NEGATIVE_INFINITY;
            }
            default -> {
                try {
                    return Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new IllegalStateException("Redis answered a score that is not a number", e);
                }
            }
        }
    }
}

package io.sealedsession.cli.doctor;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Prints findings for people (a table: severity, finding, why it matters, how to fix) or for
 * programs (a JSON array). Both list the findings most serious first, in check order within a
 * severity.
 */
final class Report {

    private static final int SEVERITY_WIDTH = 8;
    private static final int TEXT_WIDTH = 38;
    private static final String GAP = "  ";

    private Report() {}

    /** The findings most serious first; the order of the checks is kept within a severity. */
    static List<Finding> ordered(List<Finding> findings) {
        List<Finding> sorted = new ArrayList<>(findings);
        sorted.sort(Comparator.comparing(Finding::severity));
        return sorted;
    }

    /**
     * The JSON array: one object per finding with {@code check}, {@code severity}, {@code finding},
     * {@code why} and {@code fix}.
     */
    static String json(List<Finding> findings) {
        JsonArray array = new JsonArray();
        for (Finding finding : ordered(findings)) {
            JsonObject object = new JsonObject();
            object.addProperty("check", finding.check());
            object.addProperty("severity", finding.severity().name());
            object.addProperty("finding", finding.finding());
            object.addProperty("why", finding.why());
            object.addProperty("fix", finding.fix());
            array.add(object);
        }
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(array);
    }

    /** The table, with a heading line above it and a count by severity below. */
    static void table(PrintWriter out, String heading, List<Finding> findings) {
        out.println(heading);
        out.println();
        row(out, "SEVERITY", "FINDING", "WHY IT MATTERS", "HOW TO FIX");
        String rule = "-".repeat(TEXT_WIDTH);
        row(out, "-".repeat(SEVERITY_WIDTH), rule, rule, rule);
        for (Finding finding : ordered(findings)) {
            row(out, finding.severity().name(), finding.finding(), finding.why(), finding.fix());
            out.println();
        }
        out.println(summary(findings));
        out.flush();
    }

    /** Such as {@code "2 CRITICAL, 5 WARNING, 0 UNKNOWN, 1 INFO, 7 OK"}. */
    static String summary(List<Finding> findings) {
        Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
        for (Severity severity : Severity.values()) {
            counts.put(severity, 0);
        }
        findings.forEach(f -> counts.merge(f.severity(), 1, Integer::sum));
        return counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
    }

    private static void row(PrintWriter out, String severity, String finding, String why, String fix) {
        List<String> a = wrap(finding);
        List<String> b = wrap(why);
        List<String> c = wrap(fix);
        int lines = Math.max(a.size(), Math.max(b.size(), c.size()));
        for (int i = 0; i < lines; i++) {
            String line = pad(i == 0 ? severity : "", SEVERITY_WIDTH) + GAP + pad(at(a, i), TEXT_WIDTH) + GAP
                    + pad(at(b, i), TEXT_WIDTH) + GAP + at(c, i);
            out.println(line.stripTrailing());
        }
    }

    /** Words into lines of at most {@link #TEXT_WIDTH}; a longer word (a key name) is cut. */
    static List<String> wrap(String text) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            while (word.length() > TEXT_WIDTH) {
                if (line.length() > 0) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                lines.add(word.substring(0, TEXT_WIDTH));
                word = word.substring(TEXT_WIDTH);
            }
            if (line.length() > 0 && line.length() + 1 + word.length() > TEXT_WIDTH) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }

    private static String at(List<String> lines, int i) {
        return i < lines.size() ? lines.get(i) : "";
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }
}

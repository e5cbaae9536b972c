package io.sealedsession.cli.doctor;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads what {@code session-cli doctor} printed, as a user or a program would: the table's rows and the JSON array. */
final class DoctorOutput {

    /** The first line of a table row: a severity, then the first line of the finding. */
    private static final Pattern ROW = Pattern.compile("(?m)^(CRITICAL|WARNING|UNKNOWN|INFO|OK)\\s{2,}(\\S.*?)(?:\\s{2,}|$)");

    private DoctorOutput() {}

    /** A table row as it starts: the severity and the finding's first line. */
    record Row(String severity, String findingStart) {}

    static List<Row> tableRows(String out) {
        List<Row> rows = new ArrayList<>();
        Matcher m = ROW.matcher(out);
        while (m.find()) {
            rows.add(new Row(m.group(1), m.group(2)));
        }
        return rows;
    }

    /** The JSON array's objects; fails when the output is not exactly one JSON array. */
    static List<JsonObject> json(String out) {
        List<JsonObject> findings = new ArrayList<>();
        for (JsonElement element : JsonParser.parseString(out).getAsJsonArray()) {
            findings.add(element.getAsJsonObject());
        }
        return findings;
    }

    /** Check id to severity, from the JSON output. */
    static Map<String, String> severities(String out) {
        Map<String, String> severities = new LinkedHashMap<>();
        for (JsonObject finding : json(out)) {
            severities.put(finding.get("check").getAsString(), finding.get("severity").getAsString());
        }
        return severities;
    }

    /** The finding text of one check, from the JSON output. */
    static String finding(String out, String check) {
        return json(out).stream().filter(f -> f.get("check").getAsString().equals(check))
                .map(f -> f.get("finding").getAsString()).findFirst()
                .orElseThrow(() -> new AssertionError("no finding for " + check + " in " + out));
    }
}

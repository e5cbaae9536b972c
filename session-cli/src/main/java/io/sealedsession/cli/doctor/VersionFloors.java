package io.sealedsession.cli.doctor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Known remote-code-execution vulnerabilities of Redis (most of them in its embedded Lua), and the
 * first release of each release line that fixes them: the "patched floor" a server's version is
 * compared with.
 *
 * <p>The table as of the Redis security release of 2026-08-18. Sources (upstream advisories and CVE
 * records):
 * <ul>
 *   <li>CVE-2024-31449: CVE record (GHSA-whxg-wx83-85p5), fixed in 6.2.16, 7.2.6, 7.4.1.</li>
 *   <li>CVE-2024-46981: CVE record (GHSA-39h2-x6c4-6w4c), fixed in 6.2.17, 7.2.7, 7.4.2.</li>
 *   <li>CVE-2025-49844, CVE-2025-46817, CVE-2025-46818, CVE-2025-46819: GHSA-4789-qfc9-5f9q and
 *       the 2025-10-03 releases, fixed in 6.2.20, 7.2.11, 7.4.6, 8.0.4, 8.2.2.</li>
 *   <li>CVE-2026-23631: GHSA-8ghh-qpmp-7826 and the May 2026 release notes, fixed in 7.4.9, 8.2.6,
 *       8.4.3, 8.6.3.</li>
 *   <li>CVE-2026-81934 (TLS, unauthenticated): CVE record and CISA VA-26-239-01, fixed in 6.2.24,
 *       7.2.16, 7.4.11, 8.2.9, 8.4.6, 8.6.6, 8.8.2, 8.10.1.</li>
 * </ul>
 * Redis releases are cumulative within a line, so a line's floor is the highest of its fixed
 * versions. A line that got none of the 2026-08 fixes (everything before 6.2, 6.0, 7.0, 8.0) no
 * longer receives security releases: it is end of life. Lines newer than the table are reported
 * as such, not judged.
 *
 * <p>A version number cannot prove a server vulnerable: distributions (Debian, Ubuntu, RHEL...)
 * backport fixes without changing it. Findings therefore ask to verify the distribution's patch
 * level and are warnings, never critical.
 */
final class VersionFloors {

    /** The date of the newest release the table knows. */
    static final String AS_OF = "2026-08-18";

    /** One advisory: its CVEs, what they allow, and the first fixed release per line. */
    record Advisory(String cves, String summary, Map<String, String> fixedIn) {}

    /** In order of publication, oldest first. */
    static final List<Advisory> ADVISORIES = List.of(
            new Advisory("CVE-2024-31449", "Lua bit library stack overflow, possible RCE",
                    lines("6.2", "6.2.16", "7.2", "7.2.6", "7.4", "7.4.1")),
            new Advisory("CVE-2024-46981", "Lua garbage collector use-after-free, possible RCE",
                    lines("6.2", "6.2.17", "7.2", "7.2.7", "7.4", "7.4.2")),
            new Advisory("CVE-2025-49844, CVE-2025-46817, CVE-2025-46818, CVE-2025-46819",
                    "Lua use-after-free and integer overflow (RCE), scripts running as another user, out-of-bounds read",
                    lines("6.2", "6.2.20", "7.2", "7.2.11", "7.4", "7.4.6", "8.0", "8.0.4", "8.2", "8.2.2")),
            new Advisory("CVE-2026-23631", "Lua use-after-free on writable replicas, possible RCE",
                    lines("7.4", "7.4.9", "8.2", "8.2.6", "8.4", "8.4.3", "8.6", "8.6.3")),
            new Advisory("CVE-2026-81934", "TLS pending-data use-after-free, RCE without authentication",
                    lines("6.2", "6.2.24", "7.2", "7.2.16", "7.4", "7.4.11", "8.2", "8.2.9", "8.4", "8.4.6",
                            "8.6", "8.6.6", "8.8", "8.8.2", "8.10", "8.10.1")));

    /** Lines that received the newest security release; other release lines before the newest are end of life. */
    private static final List<String> SUPPORTED_LINES = List.copyOf(ADVISORIES.get(ADVISORIES.size() - 1).fixedIn().keySet());

    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)");

    private VersionFloors() {}

    /** A line's floor: the highest of its fixed versions, when the table knows the line. */
    static Optional<String> floor(String line) {
        return ADVISORIES.stream()
                .map(a -> a.fixedIn().get(line))
                .filter(v -> v != null)
                .max(Comparator.comparing(VersionFloors::parse, VersionFloors::compare));
    }

    /**
     * The finding for a Redis server of this version.
     *
     * @param version {@code redis_version} from {@code INFO server}
     */
    static Finding check(String version) {
        String why = "Known remote-code-execution bugs (most in Redis's embedded Lua) let anyone who can run scripts, or in"
                + " one case anyone who can open a TLS connection, take over the server: read every key, rewrite the"
                + " configuration, reach the network behind it. Sealed records stay sealed, but sessions can be deleted"
                + " and the server turned against others.";
        String verify = " Distributions backport fixes without changing the version number: verify your distribution's"
                + " patch level before acting on this.";
        Matcher m = VERSION.matcher(version);
        if (!m.lookingAt()) {
            return new Finding("version", Severity.UNKNOWN, "The server reports version '" + version
                    + "', which is not a Redis version number the table can compare.", why,
                    "Compare the version by hand with the Redis security advisories.");
        }
        int[] v = parse(m.group());
        String line = v[0] + "." + v[1];
        boolean releaseLine = v[0] < 6 || v[1] % 2 == 0;
        if (!releaseLine) {
            return new Finding("version", Severity.UNKNOWN, "Redis " + version + " is from line " + line
                    + ", a pre-release line (odd minor number) the table does not judge.", why,
                    "Run a release line; pre-releases are not meant for production.");
        }
        int[] newest = SUPPORTED_LINES.stream().map(l -> parse(l + ".0")).max(VersionFloors::compare).orElseThrow();
        Optional<String> floor = floor(line);
        if (!SUPPORTED_LINES.contains(line)) {
            if (compare(v, newest) > 0) {
                return new Finding("version", Severity.INFO, "Redis " + version + " is newer than every line in the"
                        + " doctor's table of fixed versions (as of " + AS_OF + "); it was not judged.", why,
                        "Check the Redis security advisories for releases after " + AS_OF + ".");
            }
            return new Finding("version", Severity.WARNING, "Redis " + version + ": the " + line + " line is end of life"
                    + " and received no fix for " + missingEverywhere(line) + "." + verify, why,
                    "Upgrade to a supported line at or above its patched release: " + supportedFloors() + ".");
        }
        String lineFloor = floor.orElseThrow();
        if (compare(v, parse(lineFloor)) >= 0) {
            return new Finding("version", Severity.OK, "Redis " + version + " is at or above " + lineFloor
                    + ", the first " + line + " release with the fixes for every RCE in the doctor's table (as of "
                    + AS_OF + ").", why, "Nothing to do; keep following the Redis security advisories.");
        }
        List<String> missing = new ArrayList<>();
        for (Advisory advisory : ADVISORIES) {
            String fixed = advisory.fixedIn().get(line);
            if (fixed != null && compare(v, parse(fixed)) < 0) {
                missing.add(advisory.cves() + " (" + advisory.summary() + ", fixed in " + fixed + ")");
            }
        }
        return new Finding("version", Severity.WARNING, "Redis " + version + " is below " + lineFloor + ", the first "
                + line + " release with fixes for: " + String.join("; ", missing) + "." + verify, why,
                "Upgrade to " + lineFloor + " or later (or to a newer line); until then deny EVAL, EVALSHA, FCALL"
                        + " and FUNCTION to every user that does not need them.");
    }

    /**
     * The advisories after the last one that fixed something on {@code line}: those the line never
     * got. The table is in order of publication, so a line that came out after an advisory (8.0
     * after CVE-2024-31449) is not said to miss it.
     */
    private static String missingEverywhere(String line) {
        int lastFix = -1;
        for (int i = 0; i < ADVISORIES.size(); i++) {
            if (ADVISORIES.get(i).fixedIn().containsKey(line)) {
                lastFix = i;
            }
        }
        return ADVISORIES.subList(lastFix + 1, ADVISORIES.size()).stream()
                .map(Advisory::cves)
                .collect(Collectors.joining(", "));
    }

    private static String supportedFloors() {
        return SUPPORTED_LINES.stream().map(l -> floor(l).orElseThrow()).collect(Collectors.joining(", "));
    }

    private static Map<String, String> lines(String... lineThenVersion) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < lineThenVersion.length; i += 2) {
            map.put(lineThenVersion[i], lineThenVersion[i + 1]);
        }
        return map;
    }

    private static int[] parse(String version) {
        String[] parts = version.split("\\.");
        return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2])};
    }

    private static int compare(int[] a, int[] b) {
        for (int i = 0; i < 3; i++) {
            int c = Integer.compare(a[i], b[i]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}

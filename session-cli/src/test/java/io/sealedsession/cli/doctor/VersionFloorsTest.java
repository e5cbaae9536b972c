package io.sealedsession.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The version check: each release line against its patched floor, end-of-life lines, and what it cannot judge. */
class VersionFloorsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "6.2, 6.2.24", "7.2, 7.2.16", "7.4, 7.4.11", "8.2, 8.2.9", "8.4, 8.4.6", "8.6, 8.6.6", "8.8, 8.8.2", "8.10, 8.10.1"})
    @DisplayName("each supported line's floor is the highest of its fixed versions")
    void floors(String line, String floor) {
        assertThat(VersionFloors.floor(line)).contains(floor);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"6.2.24", "7.2.16", "7.4.11", "7.4.12", "8.2.9", "8.8.2", "8.10.1", "8.10.3"})
    @DisplayName("a version at or above its line's floor is OK")
    void atOrAboveFloor(String version) {
        Finding finding = VersionFloors.check(version);

        assertThat(finding.severity()).isEqualTo(Severity.OK);
        assertThat(finding.finding()).contains("Redis " + version + " is at or above");
    }

    @Test
    @DisplayName("below the floor: a warning naming the missing fixes, and the distribution caveat")
    void belowFloor() {
        Finding finding = VersionFloors.check("7.2.10");

        assertThat(finding.check()).isEqualTo("version");
        assertThat(finding.severity()).isEqualTo(Severity.WARNING);
        assertThat(finding.finding())
                .contains("Redis 7.2.10 is below 7.2.16")
                .contains("CVE-2025-49844").contains("fixed in 7.2.11")
                .contains("CVE-2026-81934").contains("fixed in 7.2.16")
                .doesNotContain("CVE-2024-31449").doesNotContain("CVE-2024-46981")
                .contains("verify your distribution's patch level");
        assertThat(finding.fix()).contains("7.2.16");
    }

    @Test
    @DisplayName("the first release of a line with a single fix still misses the later ones")
    void partlyPatched() {
        Finding finding = VersionFloors.check("8.2.6");

        assertThat(finding.severity()).isEqualTo(Severity.WARNING);
        assertThat(finding.finding()).contains("CVE-2026-81934").doesNotContain("CVE-2026-23631").doesNotContain("CVE-2025-49844");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"7.0.15", "6.0.20", "5.0.14", "8.0.6", "3.2.12"})
    @DisplayName("end-of-life lines are flagged, with the distribution caveat and the supported floors")
    void endOfLife(String version) {
        Finding finding = VersionFloors.check(version);

        assertThat(finding.severity()).isEqualTo(Severity.WARNING);
        assertThat(finding.finding()).contains("line is end of life").contains("CVE-2026-81934")
                .contains("verify your distribution's patch level");
        assertThat(finding.fix()).contains("6.2.24").contains("7.4.11").contains("8.10.1");
    }

    @Test
    @DisplayName("8.0 is not said to miss fixes published before it existed")
    void endOfLineMissesOnlyLaterAdvisories() {
        assertThat(VersionFloors.check("8.0.6").finding())
                .contains("CVE-2026-23631").contains("CVE-2026-81934")
                .doesNotContain("CVE-2024-31449").doesNotContain("CVE-2025-49844");
        assertThat(VersionFloors.check("7.0.15").finding()).contains("CVE-2024-31449").contains("CVE-2025-49844");
    }

    @Test
    @DisplayName("a newer line than the table is INFO, a pre-release line or an unreadable version UNKNOWN; never CRITICAL")
    void cannotJudge() {
        assertThat(VersionFloors.check("8.12.0").severity()).isEqualTo(Severity.INFO);
        assertThat(VersionFloors.check("9.0.1").severity()).isEqualTo(Severity.INFO);
        assertThat(VersionFloors.check("8.3.2").severity()).isEqualTo(Severity.UNKNOWN);
        assertThat(VersionFloors.check("unstable").severity()).isEqualTo(Severity.UNKNOWN);
    }
}

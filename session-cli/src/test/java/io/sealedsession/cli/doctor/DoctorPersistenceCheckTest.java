package io.sealedsession.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedsession.cli.doctor.CheckRuns.Login;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code persistence} check alone, against a real {@code redis-server}.
 */
class DoctorPersistenceCheckTest {

    /** The fixture's defaults, changed at run time by a test and put back after it. */
    @RegisterExtension
    static final CheckRuns.Server REDIS = CheckRuns.Server.withBlindUser();

    @AfterEach
    void defaults() {
        CheckRuns.configSet(REDIS.get(), "save", "");
        CheckRuns.configSet(REDIS.get(), "appendonly", "no");
    }

    private final DoctorCheck check = new PersistenceCheck();

    @Test
    @DisplayName("off: OK; RDB rules, then AOF too: INFO naming each, fine because records are sealed")
    void onAndOff() {
        Finding off = CheckRuns.single(check, REDIS.get(), Login.anonymous());
        CheckRuns.configSet(REDIS.get(), "save", "3600 1");
        Finding rdb = CheckRuns.single(check, REDIS.get(), Login.anonymous());
        CheckRuns.configSet(REDIS.get(), "appendonly", "yes");
        Finding both = CheckRuns.single(check, REDIS.get(), Login.anonymous());

        assertThat(off.severity()).isEqualTo(Severity.OK);
        assertThat(off.finding()).isEqualTo("Persistence is off (no RDB save rules, appendonly no): sessions live in"
                + " memory only and end when Redis restarts.");
        assertThat(rdb.severity()).isEqualTo(Severity.INFO);
        assertThat(rdb.finding()).startsWith("Persistence is on (RDB save rules '3600 1'): every session record");
        assertThat(both.severity()).isEqualTo(Severity.INFO);
        assertThat(both.finding()).startsWith("Persistence is on (RDB save rules '3600 1', appendonly yes):");
        assertThat(both.why()).contains("only because records are sealed");
    }

    @Test
    @DisplayName("CONFIG GET refused: UNKNOWN")
    void refused() {
        CheckRuns.assertUnknown(check, REDIS.get(), CheckRuns.blind(), "+config|get");
    }
}

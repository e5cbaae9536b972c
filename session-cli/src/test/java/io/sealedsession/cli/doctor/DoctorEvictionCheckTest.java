package io.sealedsession.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedsession.cli.doctor.CheckRuns.Login;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code eviction} check alone, against a real {@code redis-server}.
 */
class DoctorEvictionCheckTest {

    /** The fixture's defaults, changed at run time by a test and put back after it. */
    @RegisterExtension
    static final CheckRuns.Server REDIS = CheckRuns.Server.withBlindUser();

    @AfterEach
    void defaults() {
        CheckRuns.configSet(REDIS.get(), "maxmemory-policy", "noeviction");
        CheckRuns.configSet(REDIS.get(), "maxmemory", "0");
    }

    private final DoctorCheck check = new EvictionCheck();

    @Test
    @DisplayName("noeviction: OK; volatile-lru: WARNING, with or without a maxmemory yet")
    void policies() {
        Finding none = CheckRuns.single(check, REDIS.get(), Login.anonymous());
        CheckRuns.configSet(REDIS.get(), "maxmemory-policy", "volatile-lru");
        Finding unlimited = CheckRuns.single(check, REDIS.get(), Login.anonymous());
        CheckRuns.configSet(REDIS.get(), "maxmemory", "104857600");
        Finding limited = CheckRuns.single(check, REDIS.get(), Login.anonymous());

        assertThat(none.severity()).isEqualTo(Severity.OK);
        assertThat(none.finding()).isEqualTo("maxmemory-policy is noeviction.");
        assertThat(unlimited.severity()).isEqualTo(Severity.WARNING);
        assertThat(unlimited.finding()).isEqualTo("maxmemory-policy is volatile-lru (maxmemory 0, no limit set yet):"
                + " under memory pressure Redis deletes keys, session records among them.");
        assertThat(limited.severity()).isEqualTo(Severity.WARNING);
        assertThat(limited.finding()).startsWith("maxmemory-policy is volatile-lru (maxmemory 104857600):");
        assertThat(limited.fix()).contains("CONFIG SET maxmemory-policy noeviction");
    }

    @Test
    @DisplayName("CONFIG GET refused: UNKNOWN")
    void refused() {
        CheckRuns.assertUnknown(check, REDIS.get(), CheckRuns.blind(), "+config|get");
    }
}

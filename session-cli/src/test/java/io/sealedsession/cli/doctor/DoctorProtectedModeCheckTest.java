package io.sealedsession.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedsession.cli.doctor.CheckRuns.Login;
import io.sealedsession.tests.redis.RedisServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The {@code protected-mode} check alone, against real {@code redis-server} processes.
 *
 * <p>The non-loopback address is 203.0.113.7 (TEST-NET-3, assigned to no machine) marked optional
 * with {@code -}: {@code CONFIG GET bind} reports it, but Redis cannot bind it and listens on
 * 127.0.0.1 only, so no server here is reachable from the network.
 */
class DoctorProtectedModeCheckTest {

    private static final String PASSWORD = CheckRuns.password();
    private static final String BOUND_WIDE = "bind 127.0.0.1 -203.0.113.7";
    private static final String BLIND = CheckRuns.blindUser(PASSWORD) + " +info";

    private final DoctorCheck check = new ProtectedModeCheck();

    @Test
    @DisplayName("on: OK; off on loopback only: OK, suggesting to turn it on")
    void loopback() {
        try (RedisServer on = RedisServer.builder().start();
                RedisServer off = RedisServer.builder().config("protected-mode no").start()) {
            Finding whenOn = CheckRuns.single(check, on, Login.anonymous());
            Finding whenOff = CheckRuns.single(check, off, Login.anonymous());

            assertThat(whenOn.severity()).isEqualTo(Severity.OK);
            assertThat(whenOn.finding()).isEqualTo("protected-mode is on.");
            assertThat(whenOff.severity()).isEqualTo(Severity.OK);
            assertThat(whenOff.finding()).isEqualTo("protected-mode is off, but Redis listens on loopback addresses"
                    + " only (bind 127.0.0.1).");
        }
    }

    @Test
    @DisplayName("off on a network address: CRITICAL with a password-less default user, WARNING behind a password")
    void network() {
        try (RedisServer open = RedisServer.builder().config(BOUND_WIDE, "protected-mode no").start();
                RedisServer guarded = RedisServer.builder().config(BOUND_WIDE, "protected-mode no",
                        "requirepass " + PASSWORD).start()) {
            Finding whenOpen = CheckRuns.single(check, open, Login.anonymous());
            Finding whenGuarded = CheckRuns.single(check, guarded, Login.defaultUser(PASSWORD));

            assertThat(whenOpen.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(whenOpen.finding()).isEqualTo("protected-mode is off and Redis listens on non-loopback"
                    + " addresses (bind 127.0.0.1 -203.0.113.7) while the default user takes no password: anyone on"
                    + " the network gets in.");
            assertThat(whenGuarded.severity()).isEqualTo(Severity.WARNING);
            assertThat(whenGuarded.finding()).isEqualTo("protected-mode is off and Redis listens on non-loopback"
                    + " addresses (bind 127.0.0.1 -203.0.113.7).");
            assertThat(whenGuarded.fix()).contains("CONFIG SET protected-mode yes");
        }
    }

    @Test
    @DisplayName("CONFIG GET refused: UNKNOWN, naming the permission")
    void refused() {
        try (RedisServer redis = RedisServer.builder().config(BLIND).start()) {
            Finding finding = CheckRuns.single(check, redis, Login.as("blind", PASSWORD));

            assertThat(finding.severity()).isEqualTo(Severity.UNKNOWN);
            assertThat(finding.finding()).isEqualTo("Could not check protected-mode and bind: the user doctor connects"
                    + " as may not run CONFIG GET (NOPERM).");
            assertThat(finding.fix()).contains("+config|get");
        }
    }
}

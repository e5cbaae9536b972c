package io.sealedsession.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedsession.cli.doctor.CheckRuns.Login;
import io.sealedsession.tests.redis.RedisServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code debug-command} and {@code module-command} checks alone, against real
 * {@code redis-server} processes.
 */
class DoctorCommandSwitchCheckTest {

    /** The fixture's defaults. */
    @RegisterExtension
    static final CheckRuns.Server REDIS = CheckRuns.Server.withBlindUser();

    @Test
    @DisplayName("no, as Redis 7 has them by default: OK each")
    void off() {
        Finding debug = CheckRuns.single(CommandSwitchCheck.debug(), REDIS.get(), Login.anonymous());
        Finding module = CheckRuns.single(CommandSwitchCheck.module(), REDIS.get(), Login.anonymous());

        assertThat(debug.severity()).isEqualTo(Severity.OK);
        assertThat(debug.finding()).isEqualTo("enable-debug-command is no.");
        assertThat(module.severity()).isEqualTo(Severity.OK);
        assertThat(module.finding()).isEqualTo("enable-module-command is no.");
    }

    @Test
    @DisplayName("yes or local (set at start, since they cannot change at run time): WARNING each")
    void on() {
        try (RedisServer loose = RedisServer.builder().config("enable-debug-command yes", "enable-module-command local")
                .start()) {
            Finding debug = CheckRuns.single(CommandSwitchCheck.debug(), loose, Login.anonymous());
            Finding module = CheckRuns.single(CommandSwitchCheck.module(), loose, Login.anonymous());

            assertThat(debug.severity()).isEqualTo(Severity.WARNING);
            assertThat(debug.finding()).isEqualTo("enable-debug-command is yes: DEBUG works for every user allowed to"
                    + " run it, from anywhere.");
            assertThat(debug.fix()).startsWith("enable-debug-command no in redis.conf");
            assertThat(module.severity()).isEqualTo(Severity.WARNING);
            assertThat(module.finding()).isEqualTo("enable-module-command is local: MODULE works for any connection"
                    + " from this machine.");
            assertThat(module.fix()).contains("loadmodule");
        }
    }

    @Test
    @DisplayName("CONFIG GET refused: UNKNOWN each")
    void refused() {
        CheckRuns.assertUnknown(CommandSwitchCheck.debug(), REDIS.get(), CheckRuns.blind(), "+config|get");
        CheckRuns.assertUnknown(CommandSwitchCheck.module(), REDIS.get(), CheckRuns.blind(), "+config|get");
    }
}

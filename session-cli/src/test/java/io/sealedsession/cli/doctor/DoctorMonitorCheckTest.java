package io.sealedsession.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedsession.cli.doctor.CheckRuns.Login;
import io.sealedsession.tests.redis.RespConnection;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code monitor} check alone, against a real {@code redis-server} with a real MONITOR client.
 */
class DoctorMonitorCheckTest {

    /** The fixture's defaults. */
    @RegisterExtension
    static final CheckRuns.Server REDIS = CheckRuns.Server.withBlindUser();

    private final DoctorCheck check = new MonitorCheck();

    @Test
    @DisplayName("no MONITOR client: OK; one attached: WARNING naming its id, address and user")
    void watchers() {
        Finding none = CheckRuns.single(check, REDIS.get(), Login.anonymous());
        Finding one;
        long id;
        try (RespConnection watcher = RespConnection.to(REDIS.get())) {
            id = watcher.callLong("CLIENT", "ID");
            assertThat(watcher.call("MONITOR")).isEqualTo("OK");
            one = CheckRuns.single(check, REDIS.get(), Login.anonymous());
        }

        assertThat(none.severity()).isEqualTo(Severity.OK);
        assertThat(none.finding()).isEqualTo("No client is running MONITOR.");
        assertThat(one.severity()).isEqualTo(Severity.WARNING);
        assertThat(one.finding()).startsWith("1 client is running MONITOR: id " + id + " from 127.0.0.1:")
                .contains(" as user default for ");
        assertThat(one.fix()).contains("CLIENT KILL ID");
    }

    @Test
    @DisplayName("CLIENT LIST refused: UNKNOWN")
    void refused() {
        CheckRuns.assertUnknown(check, REDIS.get(), CheckRuns.blind(), "+client|list");
    }
}

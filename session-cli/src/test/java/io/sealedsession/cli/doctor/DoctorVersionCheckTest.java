package io.sealedsession.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedsession.cli.doctor.CheckRuns.Login;
import io.sealedsession.tests.redis.RespConnection;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code version} check alone, against a real {@code redis-server}.
 */
class DoctorVersionCheckTest {

    /** The fixture's defaults. */
    @RegisterExtension
    static final CheckRuns.Server REDIS = CheckRuns.Server.withBlindUser();

    private final DoctorCheck check = new VersionCheck();

    @Test
    @DisplayName("the server's release is judged against the floor of its line")
    void judged() {
        String version;
        try (RespConnection admin = RespConnection.to(REDIS.get())) {
            String info = new String((byte[]) admin.call("INFO", "server"), StandardCharsets.UTF_8);
            version = info.lines().filter(l -> l.startsWith("redis_version:")).findFirst().orElseThrow().substring(14)
                    .trim();
        }

        List<Finding> findings = CheckRuns.run(check, REDIS.get(), Login.anonymous());

        assertThat(findings).containsExactly(VersionFloors.check(version));
        assertThat(findings.get(0).finding()).contains(version);
    }

    @Test
    @DisplayName("INFO refused: UNKNOWN")
    void refused() {
        CheckRuns.assertUnknown(check, REDIS.get(), CheckRuns.blind(), "+info");
    }
}

package io.sealedsession.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedsession.cli.doctor.CheckRuns.Login;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The {@code connected-user} check alone, against real {@code redis-server} ACL users. */
class DoctorConnectedUserCheckTest {

    private static final String PASSWORD = CheckRuns.password();

    @RegisterExtension
    static final CheckRuns.Server REDIS = new CheckRuns.Server(
            "user whoami on >" + PASSWORD + " ~ss:* -@all +ping +acl|whoami", CheckRuns.blindUser(PASSWORD));
    @RegisterExtension
    static final CheckRuns.Server RESTRICTED = CheckRuns.Server.defaultUserWithoutDiagnostics();

    private final DoctorCheck check = new ConnectedUserCheck();

    @Test
    @DisplayName("connected as the default user: WARNING, with the application's own user as the fix")
    void defaultUser() {
        Finding finding = CheckRuns.single(check, REDIS.get(), Login.anonymous());

        assertThat(finding.severity()).isEqualTo(Severity.WARNING);
        assertThat(finding.finding()).isEqualTo("Doctor is connected as the default user. If the application"
                + " connects the same way, it is the default user too.");
        assertThat(finding.fix()).contains("ACL SETUSER sessions on >LONG-RANDOM-PASSWORD resetkeys ~ss:*");
    }

    @Test
    @DisplayName("connected as a named user, by ACL WHOAMI: OK")
    void namedUser() {
        Finding finding = CheckRuns.single(check, REDIS.get(), Login.as("whoami", PASSWORD));

        assertThat(finding.severity()).isEqualTo(Severity.OK);
        assertThat(finding.finding()).isEqualTo("Connected as user 'whoami'.");
    }

    @Test
    @DisplayName("ACL WHOAMI refused: the user comes from the credentials, and the finding says so")
    void fromCredentials() {
        Finding named = CheckRuns.single(check, REDIS.get(), Login.as("blind", PASSWORD));
        Finding anonymous = CheckRuns.single(check, RESTRICTED.get(), Login.anonymous());

        assertThat(named.severity()).isEqualTo(Severity.OK);
        assertThat(named.finding()).isEqualTo("Connected as user 'blind' (from the credentials given; ACL WHOAMI was"
                + " refused: the user doctor connects as may not run ACL WHOAMI (NOPERM)).");
        assertThat(anonymous.severity()).isEqualTo(Severity.WARNING);
        assertThat(anonymous.finding()).startsWith("Doctor is connected as the default user (from the credentials given;");
    }
}

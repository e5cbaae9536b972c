package io.sealedsession.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedsession.cli.doctor.CheckRuns.Login;
import io.sealedsession.tests.redis.RedisServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The {@code default-user} check alone, against real {@code redis-server} default users. */
class DoctorDefaultUserCheckTest {

    private static final String PASSWORD = CheckRuns.password();

    /** The fixture's default user: on, nopass, every key and command. */
    @RegisterExtension
    static final CheckRuns.Server OPEN = new CheckRuns.Server();
    @RegisterExtension
    static final CheckRuns.Server CLOSED = CheckRuns.Server.defaultUserOff();
    @RegisterExtension
    static final CheckRuns.Server RESTRICTED = CheckRuns.Server.defaultUserWithoutDiagnostics();

    private final DoctorCheck check = new DefaultUserCheck();

    @Test
    @DisplayName("enabled with nopass and every right: CRITICAL, saying what anyone who connects gets")
    void openDefaultUser() {
        Finding finding = CheckRuns.single(check, OPEN.get(), Login.anonymous());

        assertThat(finding.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(finding.finding()).isEqualTo("The default user is enabled and takes no password (nopass): anyone"
                + " who can reach the port is logged in with every command on every key.");
        assertThat(finding.fix()).contains("ACL SETUSER default off");
    }

    @Test
    @DisplayName("disabled: OK")
    void disabled() {
        Finding finding = CheckRuns.single(check, CLOSED.get(), CheckRuns.admin());

        assertThat(finding.severity()).isEqualTo(Severity.OK);
        assertThat(finding.finding()).isEqualTo("The default user is disabled.");
    }

    @Test
    @DisplayName("enabled behind requirepass: OK, suggesting to disable it")
    void password() {
        try (RedisServer guarded = RedisServer.builder().config("requirepass " + PASSWORD).start()) {
            Finding finding = CheckRuns.single(check, guarded, Login.defaultUser(PASSWORD));

            assertThat(finding.severity()).isEqualTo(Severity.OK);
            assertThat(finding.finding()).isEqualTo("The default user is enabled and needs a password.");
            assertThat(finding.fix()).contains("ACL SETUSER default off");
        }
    }

    @Test
    @DisplayName("ACL GETUSER refused, but doctor got in without a name or password: CRITICAL all the same")
    void provedByDoctorsOwnLogin() {
        Finding finding = CheckRuns.single(check, RESTRICTED.get(), Login.anonymous());

        assertThat(finding.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(finding.finding()).startsWith("Doctor connected without a user name or password and was let in")
                .contains("may not run ACL GETUSER (NOPERM)");
    }

    @Test
    @DisplayName("ACL GETUSER refused to a user with a password: UNKNOWN, naming the permission")
    void refused() {
        Finding finding = CheckRuns.assertUnknown(check, RESTRICTED.get(), CheckRuns.blind(), "+acl|getuser");

        assertThat(finding.finding()).isEqualTo("Could not check whether the default user needs a password: the user"
                + " doctor connects as may not run ACL GETUSER (NOPERM).");
    }
}

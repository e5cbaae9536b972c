package io.sealedsession.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedsession.cli.doctor.CheckRuns.Login;
import io.sealedsession.tests.redis.RespConnection;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The {@code nopass-users} check alone, against real {@code redis-server} ACL users. */
class DoctorNopassUsersCheckTest {

    @RegisterExtension
    static final CheckRuns.Server CLOSED = CheckRuns.Server.defaultUserOff();
    @RegisterExtension
    static final CheckRuns.Server RESTRICTED = CheckRuns.Server.defaultUserWithoutDiagnostics();

    private final DoctorCheck check = new NopassUsersCheck();

    @Test
    @DisplayName("every enabled user has a password: OK")
    void none() {
        Finding finding = CheckRuns.single(check, CLOSED.get(), CheckRuns.admin());

        assertThat(finding.severity()).isEqualTo(Severity.OK);
        assertThat(finding.finding()).isEqualTo("Every enabled user needs a password.");
    }

    @Test
    @DisplayName("two enabled users with nopass: CRITICAL naming both; a disabled one is not named")
    void some() {
        try (RespConnection admin = RespConnection.to(CLOSED.get())) {
            admin.call("AUTH", "admin", CheckRuns.admin().password());
            admin.call("ACL", "SETUSER", "guest", "on", "nopass", "~ss:*", "-@all", "+get");
            admin.call("ACL", "SETUSER", "visitor", "on", "nopass", "~ss:*", "-@all", "+get");
            admin.call("ACL", "SETUSER", "retired", "off", "nopass", "~ss:*", "-@all", "+get");
            try {
                Finding finding = CheckRuns.single(check, CLOSED.get(), CheckRuns.admin());

                assertThat(finding.severity()).isEqualTo(Severity.CRITICAL);
                assertThat(finding.finding()).startsWith("2 enabled users take no password (nopass): ")
                        .contains("'guest'").contains("'visitor'").doesNotContain("retired");
                assertThat(finding.fix()).contains("resetpass");
            } finally {
                admin.call("ACL", "DELUSER", "guest", "visitor", "retired");
            }
        }
    }

    @Test
    @DisplayName("ACL LIST refused, but doctor got in without a password: CRITICAL for the default user")
    void provedByDoctorsOwnLogin() {
        Finding finding = CheckRuns.single(check, RESTRICTED.get(), Login.anonymous());

        assertThat(finding.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(finding.finding()).isEqualTo("At least the default user takes no password (nopass); whether others"
                + " do could not be checked: the user doctor connects as may not run ACL LIST (NOPERM).");
    }

    @Test
    @DisplayName("ACL LIST refused to a user with a password: UNKNOWN, naming the permission")
    void refused() {
        CheckRuns.assertUnknown(check, RESTRICTED.get(), CheckRuns.blind(), "+acl|list");
    }
}

package io.sealedsession.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedsession.cli.doctor.CheckRuns.Login;
import io.sealedsession.redis.RedisSessionStore;
import io.sealedsession.redis.ScriptingMode;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code user-rights} check alone, as the report runs it: which user it judges and what it
 * says when it cannot read the rules. {@code DoctorAclRulesTest} judges every rule shape.
 */
class DoctorUserRightsCheckTest {

    private static final String PASSWORD = CheckRuns.password();

    @RegisterExtension
    static final CheckRuns.Server REDIS = new CheckRuns.Server(
            "user admin on >" + PASSWORD + " ~* &* +@all",
            CheckRuns.blindUser(PASSWORD),
            "user narrow on >" + PASSWORD + " resetkeys ~ss:* resetchannels -@all "
                    + RedisSessionStore.requiredCommands(ScriptingMode.SCRIPTS).stream().map(c -> "+" + c)
                    .collect(Collectors.joining(" ")));

    private final DoctorCheck check = new UserRightsCheck();

    @Test
    @DisplayName("without --app-user, the connected user is judged, and a wide one is a WARNING")
    void connectedUserJudged() {
        Finding finding = CheckRuns.single(check, REDIS.get(), Login.as("admin", PASSWORD));

        assertThat(finding.severity()).isEqualTo(Severity.WARNING);
        assertThat(finding.finding()).startsWith("User 'admin' (the one doctor connected as; audit the application's"
                + " user with --app-user NAME) may use keys beyond ss:* (~*) and commands no session store needs (");
    }

    @Test
    @DisplayName("--app-user names a least-privilege user: OK; a user that does not exist: UNKNOWN")
    void appUser() {
        Finding narrow = CheckRuns.single(check, REDIS.get(), Login.as("admin", PASSWORD).auditing("narrow"));
        Finding missing = CheckRuns.single(check, REDIS.get(), Login.as("admin", PASSWORD).auditing("nobody"));

        assertThat(narrow.severity()).isEqualTo(Severity.OK);
        assertThat(narrow.finding()).startsWith("User 'narrow' is limited to the keys ~ss:*");
        assertThat(missing.severity()).isEqualTo(Severity.UNKNOWN);
        assertThat(missing.finding()).isEqualTo("There is no ACL user named 'nobody'.");
    }

    @Test
    @DisplayName("ACL GETUSER refused: UNKNOWN for the user it would have judged")
    void refused() {
        Finding appUser = CheckRuns.assertUnknown(check, REDIS.get(), Login.as("blind", PASSWORD).auditing("narrow"),
                "+acl|getuser");
        Finding connected = CheckRuns.assertUnknown(check, REDIS.get(), Login.as("blind", PASSWORD), "+acl|getuser");

        assertThat(appUser.finding()).isEqualTo("Could not check the rights of user 'narrow': the user doctor connects"
                + " as may not run ACL GETUSER (NOPERM).");
        assertThat(connected.finding()).startsWith("Could not check the rights of user 'blind':");
    }
}

package io.sealedsession.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedsession.cli.doctor.CheckRuns.Login;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code keyspace-notifications} check alone, against a real {@code redis-server}.
 */
class DoctorKeyspaceNotificationsCheckTest {

    /** The fixture's defaults, changed at run time by a test and put back after it. */
    @RegisterExtension
    static final CheckRuns.Server REDIS = CheckRuns.Server.withBlindUser();

    @AfterEach
    void defaults() {
        CheckRuns.configSet(REDIS.get(), "notify-keyspace-events", "");
    }

    private final DoctorCheck check = new KeyspaceNotificationsCheck();
    private final Login watcher = Login.anonymous().withExpiryWatcher();

    @Test
    @DisplayName("applies only when the application runs the expiry watcher")
    void onlyWithTheWatcher() {
        assertThat(check.appliesTo(Login.anonymous().target())).isFalse();
        assertThat(check.appliesTo(watcher.target())).isTrue();
    }

    @Test
    @DisplayName("no notifications, or none of expired keys: WARNING; expired-key events on: OK")
    void settings() {
        Finding off = CheckRuns.single(check, REDIS.get(), watcher);
        CheckRuns.configSet(REDIS.get(), "notify-keyspace-events", "Kg");
        Finding generic = CheckRuns.single(check, REDIS.get(), watcher);
        CheckRuns.configSet(REDIS.get(), "notify-keyspace-events", "Ex");
        Finding expired = CheckRuns.single(check, REDIS.get(), watcher);

        assertThat(off.severity()).isEqualTo(Severity.WARNING);
        assertThat(off.finding()).isEqualTo("notify-keyspace-events is '': Redis reports no expired keys, so the"
                + " expiry watcher reports no expired session.");
        assertThat(generic.severity()).isEqualTo(Severity.WARNING);
        assertThat(expired.severity()).isEqualTo(Severity.OK);
        assertThat(expired.finding()).endsWith("': Redis reports expired keys.");
    }

    @Test
    @DisplayName("CONFIG GET refused: UNKNOWN")
    void refused() {
        CheckRuns.assertUnknown(check, REDIS.get(), CheckRuns.blind().withExpiryWatcher(), "+config|get");
    }
}

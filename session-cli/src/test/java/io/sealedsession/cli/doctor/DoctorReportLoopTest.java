package io.sealedsession.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedsession.cli.doctor.CheckRuns.Login;
import io.sealedsession.cli.doctor.ServerProbe.CannotCheck;
import io.sealedsession.redis.RedisCommandExecutor;
import io.sealedsession.redis.RedisSessionStores;
import io.sealedsession.redis.RedisStoreConfig;
import io.sealedsession.tests.redis.RedisServer;
import io.sealedsession.tests.redis.RespConnection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The doctor's one report loop over its checks, against a real {@code redis-server}: the checks in
 * the order of the requirements, the report the concatenation of each check run alone, a refused
 * command reported in the refusing check's place, and a check that does not apply left out.
 */
class DoctorReportLoopTest {

    private static RedisServer redis;

    @BeforeAll
    static void start() {
        redis = RedisServer.builder().start();
        try (RespConnection admin = RespConnection.to(redis)) {
            admin.call("SET", "ss:user:alice", "x", "PX", "600000");
        }
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    @Test
    @DisplayName("one check per finding id, in the order of the requirements")
    void order() {
        assertThat(Doctor.CHECKS.stream().map(DoctorCheck::id).toList()).containsExactly("default-user", "connected-user",
                "user-rights", "nopass-users", "protected-mode", "tls", "replication-tls", "debug-command", "module-command",
                "persistence", "eviction", "monitor", "keyspace-notifications", "version", "keys");
    }

    @Test
    @DisplayName("the report is each check alone, one after the other; keyspace-notifications only with the watcher")
    void reportIsEveryCheckAlone() {
        for (Login login : List.of(Login.anonymous(), Login.anonymous().withExpiryWatcher())) {
            List<Finding> alone = new ArrayList<>();
            for (DoctorCheck check : Doctor.CHECKS) {
                if (check.appliesTo(login.target())) {
                    alone.addAll(CheckRuns.run(check, redis, login));
                }
            }

            List<Finding> report = report(new Doctor(), login);

            assertThat(report).as("watcher %s", login.expiryWatcher()).isEqualTo(alone);
            assertThat(report.stream().map(Finding::check).anyMatch("keyspace-notifications"::equals))
                    .isEqualTo(login.expiryWatcher());
            assertThat(report).filteredOn(f -> f.check().equals("keys-sealed")).singleElement()
                    .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.CRITICAL));
        }
    }

    @Test
    @DisplayName("a check whose command is refused is reported by its own refused finding, and the later checks still run")
    void refusedInPlace() {
        DoctorCheck refusing = new DoctorCheck() {
            @Override
            public String id() {
                return "refusing";
            }

            @Override
            public List<Finding> run(Audit audit) {
                audit.probe().send("NO-SUCH-COMMAND");
                throw new AssertionError("the server accepted a command it does not have");
            }

            @Override
            public Finding refused(Audit audit, CannotCheck reason) {
                return new Finding(id(), Severity.UNKNOWN, reason.getMessage(), "why", "fix");
            }
        };
        DoctorCheck never = new DoctorCheck() {
            @Override
            public String id() {
                return "never";
            }

            @Override
            public boolean appliesTo(Target target) {
                return false;
            }

            @Override
            public List<Finding> run(Audit audit) {
                throw new AssertionError("a check that does not apply ran");
            }

            @Override
            public Finding refused(Audit audit, CannotCheck reason) {
                throw new AssertionError("a check that does not apply ran");
            }
        };

        List<Finding> report = report(new Doctor(List.of(refusing, never, new EvictionCheck())), Login.anonymous());

        assertThat(report).extracting(Finding::check).containsExactly("refusing", "eviction");
        assertThat(report.get(0).finding()).startsWith("the server refused NO-SUCH-COMMAND: ");
        assertThat(report.get(1).severity()).isEqualTo(Severity.OK);
    }

    private static List<Finding> report(Doctor doctor, Login login) {
        try (RedisCommandExecutor executor = RedisSessionStores.openExecutor(RedisStoreConfig.custom().uri(redis.uri())
                .client("lettuce").build())) {
            return doctor.run(new Audit(new ServerProbe(executor), login.target()));
        }
    }
}

package io.sealedsession.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedsession.cli.doctor.CheckRuns.Login;
import io.sealedsession.tests.redis.RedisServer;
import io.sealedsession.tests.redis.RespConnection;
import io.sealedsession.tests.redis.TlsMaterial;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The {@code replication-tls} check alone, against real {@code redis-server} processes: a lone
 * master, a replica, a Cluster node, and a replica with TLS.
 */
class DoctorReplicationTlsCheckTest {

    private static final String PASSWORD = CheckRuns.password();

    /** Removed when the JVM exits. */
    private static TlsMaterial tls;

    @BeforeAll
    static void material() {
        tls = TlsMaterial.generateTemporary("sealed-sessions-doctor-tls-", false);
    }

    private final DoctorCheck check = new ReplicationTlsCheck();

    @Test
    @DisplayName("a lone master outside a Cluster: OK, saying there is nothing to protect")
    void alone() {
        try (RedisServer redis = RedisServer.builder().start()) {
            Finding finding = CheckRuns.single(check, redis, Login.anonymous());

            assertThat(finding.severity()).isEqualTo(Severity.OK);
            assertThat(finding.finding()).isEqualTo("No replication and no cluster bus (role master, 0 replicas,"
                    + " cluster-enabled no).");
        }
    }

    @Test
    @DisplayName("a replica without tls-replication, a Cluster node without tls-cluster: WARNING each")
    void plaintext() {
        try (RedisServer master = RedisServer.builder().start();
                RedisServer replica = RedisServer.builder().start();
                RedisServer node = RedisServer.builder().clusterBusPort().config("cluster-enabled yes").start()) {
            replicate(replica, master);
            Finding replicaFinding = CheckRuns.single(check, replica, Login.anonymous());
            Finding nodeFinding = CheckRuns.single(check, node, Login.anonymous());

            assertThat(replicaFinding.severity()).isEqualTo(Severity.WARNING);
            assertThat(replicaFinding.finding()).isEqualTo("Replication (role slave, 0 replicas) runs without TLS"
                    + " (tls-replication no).");
            assertThat(nodeFinding.severity()).isEqualTo(Severity.WARNING);
            assertThat(nodeFinding.finding()).isEqualTo("The cluster bus runs without TLS (tls-cluster no).");
            assertThat(nodeFinding.fix()).contains("tls-replication yes and tls-cluster yes");
        }
    }

    @Test
    @DisplayName("a replica with tls-replication yes: OK")
    void withTls() {
        List<String> config = new ArrayList<>(tls.serverConfig());
        config.add("tls-replication yes");
        try (RedisServer master = RedisServer.builder().start();
                RedisServer replica = RedisServer.builder().tlsPort().config(config.toArray(String[]::new)).start()) {
            replicate(replica, master);
            Finding finding = CheckRuns.single(check, replica, Login.anonymous());

            assertThat(finding.severity()).isEqualTo(Severity.OK);
            assertThat(finding.finding()).isEqualTo("Replication and the cluster bus use TLS.");
        }
    }

    @Test
    @DisplayName("INFO refused: UNKNOWN, naming the permissions")
    void refused() {
        try (RedisServer redis = RedisServer.builder().config(CheckRuns.blindUser(PASSWORD)).start()) {
            Finding finding = CheckRuns.assertUnknown(check, redis, Login.as("blind", PASSWORD), "+info +config|get");

            assertThat(finding.finding()).isEqualTo("Could not check whether replication and the cluster bus use TLS:"
                    + " the user doctor connects as may not run INFO REPLICATION (NOPERM).");
        }
    }

    /** The replica's role changes at once; whether it reaches the master does not matter here. */
    private void replicate(RedisServer replica, RedisServer master) {
        try (RespConnection admin = RespConnection.to(replica)) {
            assertThat(admin.call("REPLICAOF", "127.0.0.1", Integer.toString(master.port()))).isEqualTo("OK");
        }
    }
}

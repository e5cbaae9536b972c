package io.sealedsession.cli.doctor;

import io.sealedsession.cli.doctor.ServerProbe.CannotCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code replication-tls}: replication and the cluster bus, where they run, should use TLS. */
final class ReplicationTlsCheck extends AbstractCheck {

    static final String ID = "replication-tls";

    private static final String WHY = "The replication stream and the cluster bus carry every write, sealed records"
            + " included, and a replica logs in with masterauth: in plaintext they expose that password and let anyone"
            + " in the path alter what the nodes exchange.";
    private static final String FIX = "tls-replication yes and tls-cluster yes on every node (with the TLS certificates"
            + " of the tls check).";

    ReplicationTlsCheck() {
        super(ID, WHY);
    }

    @Override
    public List<Finding> run(Audit audit) {
        ServerProbe probe = audit.probe();
        Map<String, String> replication = probe.info("replication");
        String role = replication.getOrDefault("role", "master");
        long replicas = Findings.number(replication.getOrDefault("connected_slaves", "0"));
        boolean cluster = probe.config("cluster-enabled").orElse("no").equalsIgnoreCase("yes");
        boolean replicating = role.equals("slave") || replicas > 0;
        List<String> plain = new ArrayList<>();
        if (replicating && !probe.config("tls-replication").orElse("no").equalsIgnoreCase("yes")) {
            plain.add("replication (role " + role + ", " + replicas + " replicas) runs without TLS (tls-replication no)");
        }
        if (cluster && !probe.config("tls-cluster").orElse("no").equalsIgnoreCase("yes")) {
            plain.add("the cluster bus runs without TLS (tls-cluster no)");
        }
        if (!plain.isEmpty()) {
            return List.of(finding(Severity.WARNING, Findings.capitalize(String.join("; ", plain)) + ".", FIX));
        }
        return List.of(ok(replicating || cluster
                ? "Replication and the cluster bus use TLS." : "No replication and no cluster bus (role " + role
                + ", " + replicas + " replicas, cluster-enabled no)."));
    }

    @Override
    public Finding refused(Audit audit, CannotCheck reason) {
        return unknown("whether replication and the cluster bus use TLS", reason, "+info +config|get");
    }
}

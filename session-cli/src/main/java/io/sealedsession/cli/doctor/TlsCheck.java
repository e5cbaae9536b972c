package io.sealedsession.cli.doctor;

import io.sealedsession.cli.doctor.ServerProbe.CannotCheck;
import java.util.List;

/**
 * {@code tls}: the server should speak TLS only. Plaintext reached from the network is CRITICAL;
 * a plaintext port on loopback only is a WARNING.
 */
final class TlsCheck extends AbstractCheck {

    static final String ID = "tls";

    private static final String WHY = "Without TLS the user's password and every record cross the network readable and"
            + " changeable. A sealed record cannot be read, but whoever sees the password gets the user's rights, and"
            + " whoever sits in the path can drop or replay writes (requirement A1: TLS with certificate and host-name"
            + " checks).";
    private static final String FIX = "Serve TLS only: tls-port with tls-cert-file, tls-key-file and tls-ca-cert-file,"
            + " and port 0; connect with rediss:// (mutual TLS with tls-auth-clients yes where clients have"
            + " certificates).";

    TlsCheck() {
        super(ID, WHY);
    }

    @Override
    public List<Finding> run(Audit audit) {
        Target target = audit.target();
        if (!target.tls() && !BindAddresses.isLoopback(target.host())) {
            return List.of(finding(Severity.CRITICAL, "Doctor reached Redis at " + target.host() + " without TLS"
                    + " (" + target.scheme() + "://): this server accepts plaintext connections from the network.", FIX));
        }
        ServerProbe probe = audit.probe();
        long port = Findings.number(probe.config("port").orElse("0"));
        // A server built without TLS has no tls-port parameter at all.
        long tlsPort = Findings.number(probe.config("tls-port").orElse("0"));
        String bind = probe.config("bind").orElse("");
        List<String> exposed = BindAddresses.nonLoopback(bind);
        Severity exposure = exposed.isEmpty() ? Severity.WARNING : Severity.CRITICAL;
        String where = (exposed.isEmpty() ? "on loopback addresses only" : "on non-loopback addresses")
                + " (bind " + bind + ")";
        if (tlsPort == 0) {
            return List.of(finding(exposure, "Redis has no TLS port: it speaks plaintext only, " + where + ".",
                    FIX));
        }
        if (port != 0) {
            return List.of(finding(exposure, "A plaintext port (" + port + ") is open beside tls-port " + tlsPort
                    + ", " + where + "." + (target.tls() ? "" : " Doctor itself connected on it."), "Close it: CONFIG SET port 0 (and port 0 in redis.conf) once every client uses rediss://."));
        }
        return List.of(ok("Redis listens with TLS only (tls-port " + tlsPort + ", port 0)."));
    }

    @Override
    public Finding refused(Audit audit, CannotCheck reason) {
        Target target = audit.target();
        if (!target.tls()) {
            return finding(Severity.WARNING, "Doctor connected without TLS (" + target.scheme()
                    + ":// to loopback); the server's TLS settings could not be read: " + reason.getMessage() + ".",
                    FIX);
        }
        return unknown("whether a plaintext port is open beside TLS (this connection uses TLS)", reason,
                "+config|get");
    }
}

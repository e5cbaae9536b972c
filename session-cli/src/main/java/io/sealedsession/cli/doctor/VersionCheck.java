package io.sealedsession.cli.doctor;

import io.sealedsession.cli.doctor.ServerProbe.CannotCheck;
import java.util.List;
import java.util.Map;

/** {@code version}: the server's release against the patched floor of its line ({@link VersionFloors}). */
final class VersionCheck extends AbstractCheck {

    static final String ID = "version";

    VersionCheck() {
        super(ID, "Redis releases below their line's patched floor have known remote-code-execution bugs.");
    }

    @Override
    public List<Finding> run(Audit audit) {
        Map<String, String> server = audit.probe().info("server");
        String version = server.getOrDefault("redis_version", "?");
        if (server.containsKey("valkey_version") || "valkey".equalsIgnoreCase(server.get("server_name"))) {
            return List.of(new Finding(ID, Severity.UNKNOWN, "This is Valkey " + server.getOrDefault("valkey_version",
                    version) + "; the doctor's table of fixed versions covers Redis releases only.", "Valkey shares most"
                    + " of Redis's Lua code and many of its remote-code-execution fixes, under its own version numbers.",
                    "Compare the version with Valkey's security advisories."));
        }
        return List.of(VersionFloors.check(version));
    }

    @Override
    public Finding refused(Audit audit, CannotCheck reason) {
        return unknown("the server's version", reason, "+info");
    }
}

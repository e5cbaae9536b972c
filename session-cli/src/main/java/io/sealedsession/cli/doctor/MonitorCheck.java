package io.sealedsession.cli.doctor;

import io.sealedsession.cli.doctor.ServerProbe.CannotCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code monitor}: a client running {@code MONITOR} sees every command and its arguments (WARNING). */
final class MonitorCheck extends AbstractCheck {

    static final String ID = "monitor";

    private static final String WHY = "MONITOR streams every command the server runs, with its arguments, to the"
            + " watcher: key names, sealed records, and other applications' values in clear. It is for short debugging"
            + " sessions, and it slows Redis down while it runs.";

    MonitorCheck() {
        super(ID, WHY);
    }

    @Override
    public List<Finding> run(Audit audit) {
        List<String> watchers = new ArrayList<>();
        for (Map<String, String> client : audit.probe().clients()) {
            if (client.getOrDefault("flags", "").contains("O")) {
                watchers.add("id " + client.getOrDefault("id", "?") + " from " + client.getOrDefault("addr", "?")
                        + " as user " + client.getOrDefault("user", "?") + " for " + client.getOrDefault("age", "?") + " s");
            }
        }
        if (watchers.isEmpty()) {
            return List.of(ok("No client is running MONITOR."));
        }
        return List.of(finding(Severity.WARNING, watchers.size() + " client" + (watchers.size() == 1 ? " is"
                : "s are") + " running MONITOR: " + String.join("; ", watchers) + ".", "Find out who it is; end it"
                + " with CLIENT KILL ID <id>; deny +monitor to every user that does not need it."));
    }

    @Override
    public Finding refused(Audit audit, CannotCheck reason) {
        return unknown("whether a client runs MONITOR", reason, "+client|list");
    }
}

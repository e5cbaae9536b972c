package io.sealedsession.cli.doctor;

import io.sealedsession.cli.doctor.ServerProbe.CannotCheck;
import java.util.ArrayList;
import java.util.List;

/** {@code persistence}: RDB or AOF on is worth knowing (INFO), and fine only because records are sealed. */
final class PersistenceCheck extends AbstractCheck {

    static final String ID = "persistence";

    private static final String WHY = "Fine for Sealed Sessions only because records are sealed (AES-256-GCM) and keys"
            + " are hashes of tokens: a copy of the RDB or AOF file, or of a backup, yields no usable token and no"
            + " readable data. Without sealing, every session would be on disk in clear.";

    PersistenceCheck() {
        super(ID, WHY);
    }

    @Override
    public List<Finding> run(Audit audit) {
        String save = audit.probe().config("save").orElse("").trim();
        boolean aof = audit.probe().config("appendonly").orElse("no").equalsIgnoreCase("yes");
        if (save.isEmpty() && !aof) {
            return List.of(ok("Persistence is off (no RDB save rules, appendonly no): sessions live in"
                    + " memory only and end when Redis restarts."));
        }
        List<String> what = new ArrayList<>();
        if (!save.isEmpty()) {
            what.add("RDB save rules '" + save + "'");
        }
        if (aof) {
            what.add("appendonly yes");
        }
        return List.of(finding(Severity.INFO, "Persistence is on (" + String.join(", ", what) + "): every"
                + " session record is also written to disk and into backups.", "Nothing required. Keep the files"
                + " and backups access-controlled, and keep the keyring out of them."));
    }

    @Override
    public Finding refused(Audit audit, CannotCheck reason) {
        return unknown("persistence (save, appendonly)", reason, "+config|get");
    }
}

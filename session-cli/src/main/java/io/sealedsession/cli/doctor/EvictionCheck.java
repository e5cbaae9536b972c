package io.sealedsession.cli.doctor;

import io.sealedsession.cli.doctor.ServerProbe.CannotCheck;
import java.util.List;

/** {@code eviction}: a {@code maxmemory-policy} that evicts keys logs users out at random (WARNING). */
final class EvictionCheck extends AbstractCheck {

    static final String ID = "eviction";

    private static final String WHY = "Every session key has a TTL, so any volatile-* or allkeys-* policy may evict live"
            + " sessions when memory runs out: users are logged out at random and principal indexes lose entries. With"
            + " noeviction, writes fail instead (new sign-ins get 503) and nobody is logged out.";

    EvictionCheck() {
        super(ID, WHY);
    }

    @Override
    public List<Finding> run(Audit audit) {
        String policy = audit.probe().config("maxmemory-policy").orElse("noeviction");
        String maxmemory = audit.probe().config("maxmemory").orElse("0");
        if (policy.startsWith("volatile-") || policy.startsWith("allkeys-")) {
            return List.of(finding(Severity.WARNING, "maxmemory-policy is " + policy + " (maxmemory " + maxmemory
                    + (maxmemory.equals("0") ? ", no limit set yet" : "") + "): under memory pressure Redis deletes"
                    + " keys, session records among them.", "CONFIG SET maxmemory-policy noeviction (and in"
                    + " redis.conf); size maxmemory for the peak number of sessions and alert on used_memory."));
        }
        return List.of(ok("maxmemory-policy is " + policy + "."));
    }

    @Override
    public Finding refused(Audit audit, CannotCheck reason) {
        return unknown("maxmemory-policy", reason, "+config|get");
    }
}

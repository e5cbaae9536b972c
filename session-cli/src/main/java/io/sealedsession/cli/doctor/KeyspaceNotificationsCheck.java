package io.sealedsession.cli.doctor;

import io.sealedsession.cli.doctor.ServerProbe.CannotCheck;
import io.sealedsession.redis.RedisExpiryWatcher;
import java.util.List;

/**
 * {@code keyspace-notifications}: with the expiry watcher ({@code --expiry-watcher}), Redis must
 * report expired keys, or expired sessions are never reported to the application (WARNING).
 */
final class KeyspaceNotificationsCheck extends AbstractCheck {

    static final String ID = "keyspace-notifications";

    private static final String WHY = "The expiry watcher learns that Redis expired a session from keyspace"
            + " notifications of expired keys. Without them it hears nothing: HttpSessionListener.sessionDestroyed and"
            + " the application's expiry listener never run for sessions that time out. Redis keeps no notification"
            + " for later.";
    private static final String FIX = "CONFIG SET notify-keyspace-events Ex on every master (and replica, for after a"
            + " failover), and the same line in redis.conf; keep any letters already set (Ex is the least the watcher"
            + " needs).";

    KeyspaceNotificationsCheck() {
        super(ID, WHY);
    }

    /** Only an application that runs the expiry watcher needs the notifications. */
    @Override
    public boolean appliesTo(Target target) {
        return target.expiryWatcher();
    }

    @Override
    public List<Finding> run(Audit audit) {
        String setting = audit.probe().config("notify-keyspace-events").orElse("");
        if (RedisExpiryWatcher.reportsExpiredKeys(setting)) {
            return List.of(ok("notify-keyspace-events is '" + setting + "': Redis reports expired keys."));
        }
        return List.of(finding(Severity.WARNING, "notify-keyspace-events is '" + setting + "': Redis reports"
                + " no expired keys, so the expiry watcher reports no expired session.", FIX));
    }

    @Override
    public Finding refused(Audit audit, CannotCheck reason) {
        return unknown("notify-keyspace-events", reason, "+config|get");
    }
}

package io.sealedsession.cli.doctor;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The commands no session store needs and that reach past its keys: they reconfigure, stop,
 * replicate, wipe or watch the whole server, manage its users, load native code or install
 * scripts that outlive the connection. With the ACL categories Redis 7 files each under, so that
 * {@code +@admin}, {@code +@dangerous}, {@code +@scripting} or {@code +@keyspace} are evaluated as
 * the server evaluates them ({@code DoctorAclRulesTest} compares every entry with the server's own
 * {@code ACL DRYRUN}).
 *
 * <p>{@code EVALSHA} and {@code SCRIPT LOAD} are not here: the store runs its compare-and-set as a
 * script, and a script only reaches the keys the user's patterns allow.
 */
final class DangerousCommands {

    private DangerousCommands() {}

    /**
     * One command, or one subcommand of a container command such as {@code CONFIG}.
     *
     * @param name the command, lower case
     * @param subcommand the subcommand, lower case, or null for a command without subcommands
     * @param categories its ACL categories, without {@code @}
     */
    record Command(String name, @Nullable String subcommand, Set<String> categories) {

        /** How the report names it: {@code CONFIG SET}, {@code FLUSHALL}. */
        String shown() {
            return (name + (subcommand == null ? "" : " " + subcommand)).toUpperCase(Locale.ROOT);
        }
    }

    private static final Set<String> ADMIN = Set.of("admin", "slow", "dangerous");
    private static final Set<String> CLIENT_ADMIN = Set.of("admin", "slow", "dangerous", "connection");
    private static final Set<String> WIPE = Set.of("keyspace", "write", "slow", "dangerous");
    private static final Set<String> SCRIPT_WRITE = Set.of("write", "slow", "scripting");

    /** In the order a report lists them: the worst first. */
    static final List<Command> ALL = List.of(
            new Command("config", "set", ADMIN),
            new Command("config", "rewrite", ADMIN),
            new Command("config", "get", ADMIN),
            new Command("config", "resetstat", ADMIN),
            new Command("module", "load", ADMIN),
            new Command("module", "loadex", ADMIN),
            new Command("module", "unload", ADMIN),
            new Command("debug", null, ADMIN),
            new Command("flushall", null, WIPE),
            new Command("flushdb", null, WIPE),
            new Command("swapdb", null, Set.of("keyspace", "write", "fast", "dangerous")),
            new Command("shutdown", null, ADMIN),
            new Command("acl", "setuser", ADMIN),
            new Command("acl", "deluser", ADMIN),
            new Command("acl", "load", ADMIN),
            new Command("acl", "save", ADMIN),
            new Command("acl", "getuser", ADMIN),
            new Command("acl", "list", ADMIN),
            new Command("replicaof", null, ADMIN),
            new Command("slaveof", null, ADMIN),
            new Command("failover", null, ADMIN),
            new Command("sync", null, ADMIN),
            new Command("psync", null, ADMIN),
            new Command("monitor", null, ADMIN),
            new Command("client", "kill", CLIENT_ADMIN),
            new Command("client", "pause", CLIENT_ADMIN),
            new Command("client", "list", CLIENT_ADMIN),
            new Command("save", null, ADMIN),
            new Command("bgsave", null, ADMIN),
            new Command("bgrewriteaof", null, ADMIN),
            new Command("keys", null, Set.of("keyspace", "read", "slow", "dangerous")),
            new Command("function", "load", SCRIPT_WRITE),
            new Command("function", "restore", SCRIPT_WRITE),
            new Command("function", "delete", SCRIPT_WRITE),
            new Command("function", "flush", SCRIPT_WRITE),
            new Command("script", "flush", Set.of("slow", "scripting")));
}

package io.sealedsession.cli.doctor;

import io.sealedsession.cli.doctor.ServerProbe.CannotCheck;
import io.sealedsession.redis.RedisAddress;
import io.sealedsession.redis.RedisExpiryWatcher;
import io.sealedsession.redis.RedisSessionStore;
import io.sealedsession.redis.ScriptingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The checks of the doctor section of {@code SECURITY-REQUIREMENTS.md}, run against one Redis
 * server through a {@link ServerProbe}. Every check yields at least one {@link Finding}, OK
 * included, so that a report shows what was checked as well as what was wrong.
 *
 * <p>A check whose command the server refuses (typically {@code NOPERM} for a least-privilege
 * user) is reported as {@link Severity#UNKNOWN} with the reason and the permission that would let
 * it run. It never fails the run and is never {@link Severity#CRITICAL}, except where doctor's own
 * connection already proves the problem (it logged in as the default user without a password).
 *
 * <p>Nothing here prints a password, a password hash or a stored value: findings name
 * configuration values, user names, client addresses and key names (which for sessions are hashes
 * of tokens, not tokens).
 */
final class Doctor {

    /** Example keys listed in a finding at most. */
    private static final int EXAMPLES = 3;
    /** Members of a principal index looked at per index. */
    private static final int INDEX_MEMBERS = 100;
    /** Dangerous commands named in a user-rights finding at most. */
    private static final int DANGEROUS_SHOWN = 6;

    /**
     * How doctor reached the server and what it was asked to look at.
     *
     * @param namespace the sessions' key prefix
     * @param maxKeys how many keys under the namespace to examine at most
     * @param tls whether the connection uses TLS ({@code rediss://} and its Cluster and Sentinel forms)
     * @param scheme the URI's scheme, such as {@code rediss}, for messages
     * @param host the host doctor connected to (for Cluster and Sentinel URIs, a non-loopback one if any)
     * @param user the user name doctor logged in with, or null for none (the default user)
     * @param passwordGiven whether a password was given
     * @param appUser the user whose rights to audit, or null for the connected user
     * @param expiryWatcher whether the application runs the expiry watcher, so that
     *     {@code notify-keyspace-events} matters
     */
    record Target(String namespace, int maxKeys, boolean tls, String scheme, String host, @Nullable String user,
            boolean passwordGiven, @Nullable String appUser, boolean expiryWatcher) {

        Target(String namespace, int maxKeys, boolean tls, String scheme, String host, @Nullable String user,
                boolean passwordGiven, @Nullable String appUser) {
            this(namespace, maxKeys, tls, scheme, host, user, passwordGiven, appUser, false);
        }
    }

    private final ServerProbe probe;
    private final Target target;
    /** Learnt by the default-user check, used by protected mode; null when unknown. */
    private @Nullable Boolean defaultUserOpen;

    Doctor(ServerProbe probe, Target target) {
        this.probe = probe;
        this.target = target;
    }

    /** Runs every check, in the order of the requirements. */
    List<Finding> run() {
        List<Finding> findings = new ArrayList<>();
        findings.addAll(defaultUser());
        String connectedAs = connectedUser(findings);
        findings.addAll(userRights(target.appUser() != null ? target.appUser() : connectedAs));
        findings.addAll(passwordlessUsers());
        findings.addAll(protectedMode());
        findings.addAll(tls());
        findings.addAll(replicationTls());
        findings.addAll(debugCommand());
        findings.addAll(moduleCommand());
        findings.addAll(persistence());
        findings.addAll(eviction());
        findings.addAll(monitor());
        if (target.expiryWatcher()) {
            findings.addAll(keyspaceNotifications());
        }
        findings.addAll(version());
        findings.addAll(keys());
        return findings;
    }

    // ---- users -------------------------------------------------------------------------------

    private static final String DEFAULT_USER_WHY = "A client that gives no user name is the default user. Enabled without a"
            + " password, it lets anyone who can open a connection read, change and delete every session record and,"
            + " with its usual +@all, reconfigure the server.";

    private List<Finding> defaultUser() {
        String id = "default-user";
        String fix = "Create the application's own user (see the user-rights finding) and an administrator, then ACL SETUSER default"
                + " off (or ACL SETUSER default on resetpass >LONG-RANDOM-PASSWORD); make it permanent in the aclfile or"
                + " redis.conf (ACL SAVE / CONFIG REWRITE).";
        try {
            Optional<AclUser> user = probe.aclUser("default");
            if (user.isEmpty() || !user.get().enabled()) {
                defaultUserOpen = false;
                return List.of(new Finding(id, Severity.OK, "The default user is disabled.", DEFAULT_USER_WHY, "Nothing to do."));
            }
            defaultUserOpen = user.get().enabledWithoutPassword();
            if (defaultUserOpen) {
                return List.of(new Finding(id, Severity.CRITICAL, "The default user is enabled and takes no password"
                        + " (nopass): anyone who can reach the port is logged in" + (user.get().allCommands()
                        ? " with every command" : "") + (user.get().allKeys() ? " on every key" : "") + ".",
                        DEFAULT_USER_WHY, fix));
            }
            return List.of(new Finding(id, Severity.OK, "The default user is enabled and needs a password.", DEFAULT_USER_WHY,
                    "Nothing required; disabling it (ACL SETUSER default off) leaves no user without a name."));
        } catch (CannotCheck e) {
            if (target.user() == null && !target.passwordGiven()) {
                // Doctor itself logged in without a user name or password, and the server let it.
                defaultUserOpen = true;
                return List.of(new Finding(id, Severity.CRITICAL, "Doctor connected without a user name or password and"
                        + " was let in: the default user is enabled without a password. (ACL GETUSER was refused: "
                        + e.getMessage() + ".)", DEFAULT_USER_WHY, fix));
            }
            return List.of(unknown(id, "whether the default user needs a password", e, DEFAULT_USER_WHY, "+acl|getuser"));
        }
    }

    private String connectedUser(List<Finding> findings) {
        String id = "connected-user";
        String why = "The default user is what every client gets without a name. An application on it shares its rights"
                + " with every tool and person that connects without logging in, and the user cannot be limited to the"
                + " session keys without limiting all of them (requirement A3).";
        String fix = "Give the application a user of its own with only the store's commands on its keys: "
                + appUserCommand("sessions") + ". Connect with rediss://sessions:PASSWORD@host:port.";
        String who;
        String how;
        try {
            who = probe.whoAmI();
            how = "";
        } catch (CannotCheck e) {
            // The connection was set up with these credentials, or with none: that says who it is.
            who = target.user() == null ? "default" : target.user();
            how = " (from the credentials given; ACL WHOAMI was refused: " + e.getMessage() + ")";
        }
        if (who.equals("default")) {
            findings.add(new Finding(id, Severity.WARNING, "Doctor is connected as the default user" + how + "."
                    + " If the application connects the same way, it is the default user too.", why, fix));
        } else {
            findings.add(new Finding(id, Severity.OK, "Connected as user '" + who + "'" + how + ".", why, "Nothing to do."));
        }
        return who;
    }

    /** The rights of one user: CRITICAL when it is {@code --app-user} and too wide, WARNING when another user is. */
    List<Finding> userRights(String name) {
        String id = "user-rights";
        String why = "A session store needs a dozen commands on its own keys (requirement A3). A user with every command"
                + " can run CONFIG SET, MODULE LOAD, DEBUG, FLUSHALL and scripts (with the Lua RCEs of the version check);"
                + " one with every key reads and deletes other applications' data. A leaked password then costs the"
                + " whole server instead of the session keys.";
        String whose = target.appUser() != null ? "User '" + name + "'"
                : "User '" + name + "' (the one doctor connected as; audit the application's user with --app-user NAME)";
        try {
            Optional<AclUser> user = probe.aclUser(name);
            if (user.isEmpty()) {
                return List.of(new Finding(id, Severity.UNKNOWN, "There is no ACL user named '" + name + "'.", why,
                        "Give --app-user the name the application connects with."));
            }
            List<String> keysBeyond = user.get().keysBeyond(target.namespace());
            List<DangerousCommands.Command> dangerous = user.get().dangerousCommands();
            if (!keysBeyond.isEmpty() || !dangerous.isEmpty()) {
                List<String> broad = new ArrayList<>();
                if (!keysBeyond.isEmpty()) {
                    broad.add("keys beyond " + target.namespace() + ":* (" + String.join(" ", keysBeyond) + ")");
                }
                if (!dangerous.isEmpty()) {
                    broad.add("commands no session store needs (" + examples(dangerous.stream()
                            .map(DangerousCommands.Command::shown).toList(), DANGEROUS_SHOWN) + ")");
                }
                String fix = name.equals("default")
                        ? "Connect the application as a user of its own with only the store's commands and keys ("
                                + appUserCommand("sessions") + ") and disable the default user (ACL SETUSER default off)."
                        : "Limit it to the store's commands and keys: " + appUserCommand(name) + ".";
                // The application's user is what a leaked application password hands over; any other user is
                // reported as a warning, since doctor cannot tell whether the application uses it.
                Severity severity = target.appUser() != null ? Severity.CRITICAL : Severity.WARNING;
                return List.of(new Finding(id, severity, whose + " may use " + String.join(" and ", broad) + ".", why, fix));
            }
            return List.of(new Finding(id, Severity.OK, whose + " is limited to the keys "
                    + String.join(" ", user.get().keyPatterns()) + " and to commands a session store may need.", why,
                    "Nothing to do."));
        } catch (CannotCheck e) {
            return List.of(unknown(id, "the rights of user '" + name + "'", e, why, "+acl|getuser"));
        }
    }

    private List<Finding> passwordlessUsers() {
        String id = "nopass-users";
        String why = "A user with nopass accepts any password, or none: anyone who can reach the port and knows (or"
                + " guesses) the user's name gets its rights. A name is no secret; it appears in configuration files,"
                + " URIs and ACL LOG.";
        try {
            List<String> open = probe.aclUsers().stream().filter(AclUser::enabledWithoutPassword).map(AclUser::name).toList();
            if (open.isEmpty()) {
                return List.of(new Finding(id, Severity.OK, "Every enabled user needs a password.", why, "Nothing to do."));
            }
            return List.of(new Finding(id, Severity.CRITICAL, open.size() + (open.size() == 1 ? " enabled user takes" : " enabled users take")
                    + " no password (nopass): " + examples(open.stream().map(u -> "'" + u + "'").toList(), open.size()) + ".", why,
                    "ACL SETUSER NAME resetpass >LONG-RANDOM-PASSWORD for each (or ACL SETUSER NAME off); make it permanent"
                            + " in the aclfile or redis.conf (ACL SAVE / CONFIG REWRITE)."));
        } catch (CannotCheck e) {
            if (Boolean.TRUE.equals(defaultUserOpen)) {
                // The other users are unknown, but the default-user check already proved this one.
                return List.of(new Finding(id, Severity.CRITICAL, "At least the default user takes no password (nopass);"
                        + " whether others do could not be checked: " + e.getMessage() + ".", why,
                        "ACL SETUSER default off, then let doctor's user run ACL LIST (+acl|list) and check again."));
            }
            return List.of(unknown(id, "which users take no password", e, why, "+acl|list"));
        }
    }

    private String appUserCommand(String name) {
        return "ACL SETUSER " + name + " on >LONG-RANDOM-PASSWORD resetkeys ~" + target.namespace() + ":* resetchannels"
                + " -@all " + RedisSessionStore.requiredCommands(ScriptingMode.SCRIPTS).stream().map(c -> "+" + c)
                .collect(Collectors.joining(" "));
    }

    // ---- network -----------------------------------------------------------------------------

    private List<Finding> protectedMode() {
        String id = "protected-mode";
        String why = "Protected mode is Redis's last line of defence: while the default user has no password it refuses"
                + " every client that is not on the same machine. Off on a server that listens on the network, nothing"
                + " but the ACL stands between the network and the session records.";
        String fix = "CONFIG SET protected-mode yes (and protected-mode yes in redis.conf); bind only the addresses"
                + " clients use; keep the default user disabled or behind a password.";
        try {
            String mode = probe.config("protected-mode").orElse("yes");
            List<String> exposed = nonLoopback(probe.config("bind").orElse(""));
            if (mode.equalsIgnoreCase("yes")) {
                return List.of(new Finding(id, Severity.OK, "protected-mode is on.", why, "Nothing to do."));
            }
            if (exposed.isEmpty()) {
                return List.of(new Finding(id, Severity.OK, "protected-mode is off, but Redis listens on loopback addresses"
                        + " only (bind " + probe.config("bind").orElse("") + ").", why,
                        "Nothing required; turning it on costs nothing."));
            }
            boolean open = Boolean.TRUE.equals(defaultUserOpen);
            return List.of(new Finding(id, open ? Severity.CRITICAL : Severity.WARNING, "protected-mode is off and Redis"
                    + " listens on non-loopback addresses (bind " + probe.config("bind").orElse("") + ")"
                    + (open ? " while the default user takes no password: anyone on the network gets in." : "."), why, fix));
        } catch (CannotCheck e) {
            return List.of(unknown(id, "protected-mode and bind", e, why, "+config|get"));
        }
    }

    private List<Finding> tls() {
        String id = "tls";
        String why = "Without TLS the user's password and every record cross the network readable and changeable. A"
                + " sealed record cannot be read, but whoever sees the password gets the user's rights, and whoever sits"
                + " in the path can drop or replay writes (requirement A1: TLS with certificate and host-name checks).";
        String fix = "Serve TLS only: tls-port with tls-cert-file, tls-key-file and tls-ca-cert-file, and port 0;"
                + " connect with rediss:// (mutual TLS with tls-auth-clients yes where clients have certificates).";
        boolean remote = !isLoopback(target.host());
        if (!target.tls() && remote) {
            return List.of(new Finding(id, Severity.CRITICAL, "Doctor reached Redis at " + target.host() + " without TLS"
                    + " (" + target.scheme() + "://): this server accepts plaintext connections from the network.", why, fix));
        }
        try {
            long port = number(probe.config("port").orElse("0"));
            // A server built without TLS has no tls-port parameter at all.
            long tlsPort = number(probe.config("tls-port").orElse("0"));
            String bind = probe.config("bind").orElse("");
            List<String> exposed = nonLoopback(bind);
            Severity exposure = exposed.isEmpty() ? Severity.WARNING : Severity.CRITICAL;
            String where = (exposed.isEmpty() ? "on loopback addresses only" : "on non-loopback addresses")
                    + " (bind " + bind + ")";
            if (tlsPort == 0) {
                return List.of(new Finding(id, exposure, "Redis has no TLS port: it speaks plaintext only, " + where + ".",
                        why, fix));
            }
            if (port != 0) {
                return List.of(new Finding(id, exposure, "A plaintext port (" + port + ") is open beside tls-port " + tlsPort
                        + ", " + where + "." + (target.tls() ? "" : " Doctor itself connected on it."), why,
                        "Close it: CONFIG SET port 0 (and port 0 in redis.conf) once every client uses rediss://."));
            }
            return List.of(new Finding(id, Severity.OK, "Redis listens with TLS only (tls-port " + tlsPort + ", port 0).",
                    why, "Nothing to do."));
        } catch (CannotCheck e) {
            if (!target.tls()) {
                return List.of(new Finding(id, Severity.WARNING, "Doctor connected without TLS (" + target.scheme()
                        + ":// to loopback); the"
                        + " server's TLS settings could not be read: " + e.getMessage() + ".", why, fix));
            }
            return List.of(unknown(id, "whether a plaintext port is open beside TLS (this connection uses TLS)", e, why,
                    "+config|get"));
        }
    }

    private List<Finding> replicationTls() {
        String id = "replication-tls";
        String why = "The replication stream and the cluster bus carry every write, sealed records included, and a replica"
                + " logs in with masterauth: in plaintext they expose that password and let anyone in the path alter"
                + " what the nodes exchange.";
        String fix = "tls-replication yes and tls-cluster yes on every node (with the TLS certificates of the tls check).";
        try {
            Map<String, String> replication = probe.info("replication");
            String role = replication.getOrDefault("role", "master");
            long replicas = number(replication.getOrDefault("connected_slaves", "0"));
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
                return List.of(new Finding(id, Severity.WARNING, capitalize(String.join("; ", plain)) + ".", why, fix));
            }
            return List.of(new Finding(id, Severity.OK, replicating || cluster
                    ? "Replication and the cluster bus use TLS." : "No replication and no cluster bus (role " + role
                    + ", " + replicas + " replicas, cluster-enabled no).", why, "Nothing to do."));
        } catch (CannotCheck e) {
            return List.of(unknown(id, "whether replication and the cluster bus use TLS", e, why, "+info +config|get"));
        }
    }

    // ---- dangerous commands ------------------------------------------------------------------

    private List<Finding> debugCommand() {
        return enableSetting("debug-command", "enable-debug-command", "DEBUG",
                "DEBUG can crash the server, stall it (DEBUG SLEEP), read and change its internals and stop active"
                        + " expiry; it is meant for Redis developers, and every user allowed @admin or +debug can use it.",
                "enable-debug-command no in redis.conf (it cannot be changed at run time), then restart.");
    }

    private List<Finding> moduleCommand() {
        return enableSetting("module-command", "enable-module-command", "MODULE",
                "MODULE LOAD runs native code from a file on the server: a user allowed to load modules owns the machine,"
                        + " whatever the ACL says about keys.",
                "enable-module-command no in redis.conf (it cannot be changed at run time), then restart; load the"
                        + " modules you need with loadmodule lines instead.");
    }

    private List<Finding> enableSetting(String id, String parameter, String command, String why, String fix) {
        try {
            Optional<String> value = probe.config(parameter);
            if (value.isEmpty()) {
                return List.of(new Finding(id, Severity.WARNING, "This Redis has no " + parameter + " setting (it came in"
                        + " 7.0): " + command + " is always enabled.", why, "Upgrade to a supported Redis line; see the"
                        + " version check."));
            }
            return switch (value.get().toLowerCase(Locale.ROOT)) {
                case "no" -> List.of(new Finding(id, Severity.OK, parameter + " is no.", why, "Nothing to do."));
                case "local" -> List.of(new Finding(id, Severity.WARNING, parameter + " is local: " + command
                        + " works for any connection from this machine.", why, fix));
                default -> List.of(new Finding(id, Severity.WARNING, parameter + " is " + value.get() + ": " + command
                        + " works for every user allowed to run it, from anywhere.", why, fix));
            };
        } catch (CannotCheck e) {
            return List.of(unknown(id, parameter, e, why, "+config|get"));
        }
    }

    // ---- data handling -----------------------------------------------------------------------

    private List<Finding> persistence() {
        String id = "persistence";
        String why = "Fine for Sealed Sessions only because records are sealed (AES-256-GCM) and keys are hashes of"
                + " tokens: a copy of the RDB or AOF file, or of a backup, yields no usable token and no readable data."
                + " Without sealing, every session would be on disk in clear.";
        try {
            String save = probe.config("save").orElse("").trim();
            boolean aof = probe.config("appendonly").orElse("no").equalsIgnoreCase("yes");
            if (save.isEmpty() && !aof) {
                return List.of(new Finding(id, Severity.OK, "Persistence is off (no RDB save rules, appendonly no):"
                        + " sessions live in memory only and end when Redis restarts.", why, "Nothing to do."));
            }
            List<String> what = new ArrayList<>();
            if (!save.isEmpty()) {
                what.add("RDB save rules '" + save + "'");
            }
            if (aof) {
                what.add("appendonly yes");
            }
            return List.of(new Finding(id, Severity.INFO, "Persistence is on (" + String.join(", ", what) + "): every"
                    + " session record is also written to disk and into backups.", why, "Nothing required. Keep the files"
                    + " and backups access-controlled, and keep the keyring out of them."));
        } catch (CannotCheck e) {
            return List.of(unknown(id, "persistence (save, appendonly)", e, why, "+config|get"));
        }
    }

    private List<Finding> eviction() {
        String id = "eviction";
        String why = "Every session key has a TTL, so any volatile-* or allkeys-* policy may evict live sessions when"
                + " memory runs out: users are logged out at random and principal indexes lose entries. With noeviction,"
                + " writes fail instead (new sign-ins get 503) and nobody is logged out.";
        try {
            String policy = probe.config("maxmemory-policy").orElse("noeviction");
            String maxmemory = probe.config("maxmemory").orElse("0");
            if (policy.startsWith("volatile-") || policy.startsWith("allkeys-")) {
                return List.of(new Finding(id, Severity.WARNING, "maxmemory-policy is " + policy + " (maxmemory " + maxmemory
                        + (maxmemory.equals("0") ? ", no limit set yet" : "") + "): under memory pressure Redis deletes"
                        + " keys, session records among them.", why, "CONFIG SET maxmemory-policy noeviction (and in"
                        + " redis.conf); size maxmemory for the peak number of sessions and alert on used_memory."));
            }
            return List.of(new Finding(id, Severity.OK, "maxmemory-policy is " + policy + ".", why, "Nothing to do."));
        } catch (CannotCheck e) {
            return List.of(unknown(id, "maxmemory-policy", e, why, "+config|get"));
        }
    }

    private List<Finding> keyspaceNotifications() {
        String id = "keyspace-notifications";
        String why = "The expiry watcher learns that Redis expired a session from keyspace notifications of expired keys."
                + " Without them it hears nothing: HttpSessionListener.sessionDestroyed and the application's expiry"
                + " listener never run for sessions that time out. Redis keeps no notification for later.";
        String fix = "CONFIG SET notify-keyspace-events Ex on every master (and replica, for after a failover), and the"
                + " same line in redis.conf; keep any letters already set (Ex is the least the watcher needs).";
        try {
            String setting = probe.config("notify-keyspace-events").orElse("");
            if (RedisExpiryWatcher.reportsExpiredKeys(setting)) {
                return List.of(new Finding(id, Severity.OK, "notify-keyspace-events is '" + setting
                        + "': Redis reports expired keys.", why, "Nothing to do."));
            }
            return List.of(new Finding(id, Severity.WARNING, "notify-keyspace-events is '" + setting + "': Redis reports"
                    + " no expired keys, so the expiry watcher reports no expired session.", why, fix));
        } catch (CannotCheck e) {
            return List.of(unknown(id, "notify-keyspace-events", e, why, "+config|get"));
        }
    }

    private List<Finding> monitor() {
        String id = "monitor";
        String why = "MONITOR streams every command the server runs, with its arguments, to the watcher: key names, sealed"
                + " records, and other applications' values in clear. It is for short debugging sessions, and it slows"
                + " Redis down while it runs.";
        try {
            List<String> watchers = new ArrayList<>();
            for (Map<String, String> client : probe.clients()) {
                if (client.getOrDefault("flags", "").contains("O")) {
                    watchers.add("id " + client.getOrDefault("id", "?") + " from " + client.getOrDefault("addr", "?")
                            + " as user " + client.getOrDefault("user", "?") + " for " + client.getOrDefault("age", "?") + " s");
                }
            }
            if (watchers.isEmpty()) {
                return List.of(new Finding(id, Severity.OK, "No client is running MONITOR.", why, "Nothing to do."));
            }
            return List.of(new Finding(id, Severity.WARNING, watchers.size() + " client" + (watchers.size() == 1 ? " is" : "s are")
                    + " running MONITOR: " + String.join("; ", watchers) + ".", why, "Find out who it is; end it with CLIENT KILL"
                    + " ID <id>; deny +monitor to every user that does not need it."));
        } catch (CannotCheck e) {
            return List.of(unknown(id, "whether a client runs MONITOR", e, why, "+client|list"));
        }
    }

    private List<Finding> version() {
        String id = "version";
        try {
            Map<String, String> server = probe.info("server");
            String version = server.getOrDefault("redis_version", "?");
            if (server.containsKey("valkey_version") || "valkey".equalsIgnoreCase(server.get("server_name"))) {
                return List.of(new Finding(id, Severity.UNKNOWN, "This is Valkey " + server.getOrDefault("valkey_version", version)
                        + "; the doctor's table of fixed versions covers Redis releases only.", "Valkey shares most of Redis's"
                        + " Lua code and many of its remote-code-execution fixes, under its own version numbers.",
                        "Compare the version with Valkey's security advisories."));
            }
            return List.of(VersionFloors.check(version));
        } catch (CannotCheck e) {
            return List.of(unknown(id, "the server's version", e, "Redis releases below their line's patched floor have"
                    + " known remote-code-execution bugs.", "+info"));
        }
    }

    // ---- keys --------------------------------------------------------------------------------

    private List<Finding> keys() {
        String pattern = target.namespace() + ":*";
        String ttlWhy = "Every key the store writes has a TTL (requirement L2): it is what ends idle sessions in Redis and"
                + " gives the memory back. A key without one stays until deleted; a session's absolute deadline still"
                + " holds (it is sealed inside the record), but idleness no longer ends it and its memory is never freed.";
        String sealedWhy = "Requirement D1: Redis holds AEAD ciphertext only. Anything else under the sessions' namespace"
                + " can be read from a copy of Redis (attributes, user names, tokens) or is refused by the store; another"
                + " program, an older unencrypted session store or a manual write put it there.";
        try {
            ServerProbe.ScanResult scan = probe.scan(pattern, target.maxKeys());
            RecordShapes shapes = new RecordShapes(target.namespace());
            List<String> withoutTtl = new ArrayList<>();
            List<String> unsealed = new ArrayList<>();
            int examined = 0;
            for (byte[] rawKey : scan.keys()) {
                String key = new String(rawKey, StandardCharsets.ISO_8859_1);
                String type = probe.type(rawKey);
                long ttl = probe.pttl(rawKey);
                if (type.equals("none") || ttl == -2) {
                    continue; // expired or deleted since the scan
                }
                examined++;
                if (ttl == -1) {
                    withoutTtl.add(RecordShapes.printable(key));
                }
                String problem = valueProblem(shapes.kind(key), type, rawKey);
                if (problem != null) {
                    unsealed.add(RecordShapes.printable(key) + " (" + problem + ")");
                }
            }
            List<Finding> findings = new ArrayList<>();
            if (examined == 0) {
                findings.add(new Finding("keys", Severity.INFO, "No keys under " + pattern + ": nothing to examine. Is the"
                        + " namespace right (--namespace)?", sealedWhy, "Nothing, if no session has been stored yet."));
                return findings;
            }
            findings.add(withoutTtl.isEmpty()
                    ? new Finding("keys-ttl", Severity.OK, "All " + examined + " keys under " + pattern + " have a TTL.",
                            ttlWhy, "Nothing to do.")
                    : new Finding("keys-ttl", Severity.WARNING, withoutTtl.size() + " of " + examined + " keys under " + pattern
                            + " have no TTL: " + examples(withoutTtl) + ".", ttlWhy, "Find what writes or PERSISTs them;"
                            + " delete them (UNLINK) or give them an expiry (PEXPIRE key ms). Never PERSIST session keys."));
            findings.add(unsealed.isEmpty()
                    ? new Finding("keys-sealed", Severity.OK, "All " + examined + " keys under " + pattern + " are sealed"
                            + " records or principal indexes of session keys.", sealedWhy, "Nothing to do.")
                    : new Finding("keys-sealed", Severity.CRITICAL, unsealed.size() + " of " + examined + " keys under "
                            + pattern + " do not hold sealed records: " + examples(unsealed) + ".", sealedWhy,
                            "Find the writer; move its data out of the namespace or delete it (UNLINK). Give other"
                                    + " applications their own prefix and keep the sessions' user to ~" + pattern + "."));
            if (scan.truncated()) {
                findings.add(new Finding("keys-limit", Severity.INFO, "Only the first " + scan.keys().size() + " keys under "
                        + pattern + " were examined (--max-keys); there are more.", "The key checks are a sample beyond"
                        + " that: a problem in the rest goes unseen.", "Run again with a higher --max-keys to examine more."));
            }
            return findings;
        } catch (CannotCheck e) {
            return List.of(unknown("keys", "the keys under " + pattern, e, sealedWhy, "+scan +type +pttl +get +zrange on "
                    + "%R~" + pattern));
        }
    }

    private @Nullable String valueProblem(RecordShapes.KeyKind kind, String type, byte[] key) {
        switch (kind) {
            case RECORD -> {
                if (!type.equals("string")) {
                    return "a " + type + " where a sealed record belongs";
                }
                byte[] value = probe.get(key);
                return value == null ? null : RecordShapes.recordProblem(value);
            }
            case INDEX -> {
                if (!type.equals("zset")) {
                    return "a " + type + " where a principal index (sorted set) belongs";
                }
                for (byte[] member : probe.zrange(key, INDEX_MEMBERS)) {
                    if (!RecordShapes.isSessionKey(member)) {
                        return "an index member that is not a session key";
                    }
                }
                return null;
            }
            case LOCK, THROTTLE -> {
                if (!type.equals("string")) {
                    return "a " + type + " where a " + (kind == RecordShapes.KeyKind.LOCK ? "session lock" : "sign-in count") + " belongs";
                }
                byte[] value = probe.get(key);
                if (value == null) {
                    return null;
                }
                boolean fits = kind == RecordShapes.KeyKind.LOCK ? RecordShapes.isFence(value) : RecordShapes.isThrottleCount(value);
                return fits ? null : value.length + " bytes that are not a " + (kind == RecordShapes.KeyKind.LOCK
                        ? "fencing token" : "sign-in count");
            }
            case EXPIRY_CLAIM -> {
                if (!type.equals("string")) {
                    return "a " + type + " where an expiry watcher's claim belongs";
                }
                byte[] value = probe.get(key);
                return value == null || RecordShapes.isExpiryClaim(value) ? null
                        : value.length + " bytes that are not an expiry watcher's claim";
            }
            default -> {
                return "a " + type + " under a name Sealed Sessions does not use";
            }
        }
    }

    // ---- helpers -----------------------------------------------------------------------------

    private static Finding unknown(String id, String subject, CannotCheck reason, String why, String permission) {
        return new Finding(id, Severity.UNKNOWN, "Could not check " + subject + ": " + reason.getMessage() + ".", why,
                "Let doctor's user run it (" + permission + "; see the doctor ACL user in session-cli/README.md), or run"
                        + " doctor as a user that may.");
    }

    private static String examples(List<String> items) {
        return examples(items, EXAMPLES);
    }

    private static String examples(List<String> items, int limit) {
        String shown = items.stream().limit(limit).collect(Collectors.joining(", "));
        return items.size() > limit ? shown + " and " + (items.size() - limit) + " more" : shown;
    }

    /** The addresses of a {@code bind} value that are not loopback; {@code -} marks an optional one. */
    static List<String> nonLoopback(String bind) {
        if (bind.isBlank()) {
            return List.of("(every interface)");
        }
        return Arrays.stream(bind.trim().split("\\s+"))
                .filter(address -> !isLoopback(address.startsWith("-") ? address.substring(1) : address))
                .toList();
    }

    /** Loopback by its text, without a DNS lookup, by the rule plaintext connections follow. */
    private static boolean isLoopback(String host) {
        return RedisAddress.isLoopback(host);
    }

    private static long number(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new CannotCheck("Redis answered '" + text + "' where a number was expected");
        }
    }

    private static String capitalize(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}

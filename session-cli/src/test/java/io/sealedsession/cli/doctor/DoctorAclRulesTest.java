package io.sealedsession.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;

import io.sealedsession.cli.CliRun;
import io.sealedsession.redis.RedisCommandExecutor;
import io.sealedsession.redis.RedisSessionStore;
import io.sealedsession.redis.RedisSessionStores;
import io.sealedsession.redis.RedisStoreConfig;
import io.sealedsession.redis.ScriptingMode;
import io.sealedsession.tests.redis.RedisServer;
import io.sealedsession.tests.redis.RespConnection;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.jspecify.annotations.Nullable;

/**
 * The user-rights and nopass checks against real ACL users of one {@code redis-server}: every rule
 * shape the doctor section names (key patterns, selectors, categories, single commands and
 * subcommands, {@code resetkeys}, {@code nopass}, {@code resetpass}) is set with
 * {@code ACL SETUSER}, read back by doctor from the server, and judged. Doctor's reading of the
 * command rules is compared with the server's own verdict ({@code ACL DRYRUN}) for every
 * dangerous command and every user, so the category table cannot drift from Redis unnoticed.
 */
class DoctorAclRulesTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ADMIN_PASSWORD = "pw-" + base64url(18);
    private static final String LEAST_PRIVILEGE = RedisSessionStore.requiredCommands(ScriptingMode.SCRIPTS).stream()
            .map(c -> "+" + c).collect(Collectors.joining(" "));

    /** User name to its rules, and whether the application may run as it (false: doctor must object). */
    private static final Map<String, String> USERS = new LinkedHashMap<>();

    static {
        // keys
        USERS.put("keys-star", "~* -@all +get");
        USERS.put("keys-star-colon-star", "~*:* -@all +get");
        USERS.put("keys-s-star", "~s* -@all +get");
        USERS.put("keys-ss-star", "~ss* -@all +get");
        USERS.put("keys-allkeys", "allkeys -@all +get");
        USERS.put("keys-read-all", "~ss:* %R~* -@all +get");
        USERS.put("keys-write-other", "~ss:* %W~cache:* -@all +get");
        USERS.put("keys-other-literal", "~ss:* ~config -@all +get");
        USERS.put("keys-question-mark", "~s?:* -@all +get");
        USERS.put("keys-selector", "~ss:* -@all +get (~* +get)");
        // commands
        USERS.put("cmd-all", "~ss:* +@all");
        USERS.put("cmd-admin", "~ss:* -@all +get +@admin");
        USERS.put("cmd-dangerous", "~ss:* -@all +get +@dangerous");
        USERS.put("cmd-keyspace", "~ss:* -@all +get +@keyspace");
        USERS.put("cmd-scripting", "~ss:* -@all +get +@scripting");
        USERS.put("cmd-config", "~ss:* -@all +get +config");
        USERS.put("cmd-config-get", "~ss:* -@all +get +config|get");
        USERS.put("cmd-config-minus-set", "~ss:* -@all +get +config -config|set -config|get -config|rewrite -config|resetstat");
        USERS.put("cmd-flushall", "~ss:* -@all +get +flushall");
        USERS.put("cmd-flushdb", "~ss:* -@all +get +flushdb");
        USERS.put("cmd-module", "~ss:* -@all +get +module");
        USERS.put("cmd-debug", "~ss:* -@all +get +debug");
        USERS.put("cmd-keys", "~ss:* -@all +get +keys");
        USERS.put("cmd-shutdown", "~ss:* -@all +get +shutdown");
        USERS.put("cmd-acl", "~ss:* -@all +get +acl");
        USERS.put("cmd-monitor", "~ss:* -@all +get +monitor");
        USERS.put("cmd-selector-admin", "~ss:* -@all +get (~ss:* +@admin)");
        USERS.put("cmd-all-minus-dangerous", "~ss:* +@all -@dangerous -@scripting");
        USERS.put("cmd-allcommands", "~ss:* allcommands");
        // what the application may be
        USERS.put("least-privilege", "resetkeys ~ss:* resetchannels -@all " + LEAST_PRIVILEGE);
        USERS.put("narrower-namespace", "~ss:s:* ~ss:p:* -@all " + LEAST_PRIVILEGE);
        USERS.put("resetkeys-undoes", "~* resetkeys ~ss:* -@all " + LEAST_PRIVILEGE);
        USERS.put("nocommands-undoes", "~ss:* +@all nocommands " + LEAST_PRIVILEGE);
    }

    /** For ACL DRYRUN: one invocation of each dangerous command, with arguments its arity accepts. */
    private static final Map<String, String> DRY_RUN = new LinkedHashMap<>();

    static {
        for (String line : List.of("CONFIG SET|config set maxmemory 0", "CONFIG REWRITE|config rewrite",
                "CONFIG GET|config get maxmemory", "CONFIG RESETSTAT|config resetstat", "MODULE LOAD|module load /nowhere.so",
                "MODULE LOADEX|module loadex /nowhere.so", "MODULE UNLOAD|module unload nothing", "DEBUG|debug sleep 0",
                "FLUSHALL|flushall", "FLUSHDB|flushdb", "SWAPDB|swapdb 0 1", "SHUTDOWN|shutdown",
                "ACL SETUSER|acl setuser someone", "ACL DELUSER|acl deluser someone", "ACL LOAD|acl load", "ACL SAVE|acl save",
                "ACL GETUSER|acl getuser someone", "ACL LIST|acl list", "REPLICAOF|replicaof no one", "SLAVEOF|slaveof no one",
                "FAILOVER|failover", "SYNC|sync", "PSYNC|psync ? -1", "MONITOR|monitor", "CLIENT KILL|client kill 192.0.2.1:1",
                "CLIENT PAUSE|client pause 1", "CLIENT LIST|client list", "SAVE|save", "BGSAVE|bgsave",
                "BGREWRITEAOF|bgrewriteaof", "KEYS|keys *", "FUNCTION LOAD|function load nothing",
                "FUNCTION RESTORE|function restore nothing", "FUNCTION DELETE|function delete nothing",
                "FUNCTION FLUSH|function flush", "SCRIPT FLUSH|script flush")) {
            String[] parts = line.split("\\|", 2);
            DRY_RUN.put(parts[0], parts[1]);
        }
    }

    private static RedisServer redis;
    private static RedisCommandExecutor executor;

    @BeforeAll
    static void usersOfEveryShape() {
        redis = RedisServer.builder().config("user default off",
                "user admin on >" + ADMIN_PASSWORD + " ~* &* +@all").start();
        try (RespConnection admin = RespConnection.to(redis)) {
            admin.call("AUTH", "admin", ADMIN_PASSWORD);
            USERS.forEach((name, rules) -> {
                List<Object> command = new ArrayList<>(List.of("ACL", "SETUSER", name, "on", ">pw-" + base64url(12)));
                command.addAll(splitRules(rules));
                assertThat(admin.call(command.toArray())).as("ACL SETUSER %s %s", name, rules).isEqualTo("OK");
            });
        }
        executor = RedisSessionStores.openExecutor(RedisStoreConfig.custom().uri(redis.uri()).client("lettuce")
                .credentials("admin", ADMIN_PASSWORD.toCharArray()).build());
    }

    @AfterAll
    static void stop() {
        executor.close();
        redis.close();
    }

    static Stream<Arguments> tooWide() {
        return Stream.of(
                Arguments.of("keys-star", "keys beyond ss:* (~*)"),
                Arguments.of("keys-star-colon-star", "keys beyond ss:* (~*:*)"),
                Arguments.of("keys-s-star", "keys beyond ss:* (~s*)"),
                Arguments.of("keys-ss-star", "keys beyond ss:* (~ss*)"),
                Arguments.of("keys-allkeys", "keys beyond ss:* (~*)"),
                Arguments.of("keys-read-all", "keys beyond ss:* (%R~*)"),
                Arguments.of("keys-write-other", "keys beyond ss:* (%W~cache:*)"),
                Arguments.of("keys-other-literal", "keys beyond ss:* (~config)"),
                Arguments.of("keys-question-mark", "keys beyond ss:* (~s?:*)"),
                Arguments.of("keys-selector", "keys beyond ss:* (~*)"),
                Arguments.of("cmd-all", "CONFIG SET"),
                Arguments.of("cmd-allcommands", "CONFIG SET"),
                Arguments.of("cmd-admin", "CONFIG SET"),
                Arguments.of("cmd-dangerous", "CONFIG SET"),
                Arguments.of("cmd-keyspace", "FLUSHALL"),
                Arguments.of("cmd-scripting", "FUNCTION LOAD"),
                Arguments.of("cmd-config", "CONFIG SET"),
                Arguments.of("cmd-config-get", "(CONFIG GET)"),
                Arguments.of("cmd-flushall", "(FLUSHALL)"),
                Arguments.of("cmd-flushdb", "(FLUSHDB)"),
                Arguments.of("cmd-module", "(MODULE LOAD, MODULE LOADEX, MODULE UNLOAD)"),
                Arguments.of("cmd-debug", "(DEBUG)"),
                Arguments.of("cmd-keys", "(KEYS)"),
                Arguments.of("cmd-shutdown", "(SHUTDOWN)"),
                Arguments.of("cmd-acl", "ACL SETUSER"),
                Arguments.of("cmd-monitor", "(MONITOR)"),
                Arguments.of("cmd-selector-admin", "CONFIG SET"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tooWide")
    @DisplayName("doctor: the application's user with keys beyond the namespace or a dangerous command is CRITICAL")
    void applicationUserTooWide(String user, String named) {
        Finding finding = userRights(user, user);

        assertThat(finding.severity()).as(finding.finding()).isEqualTo(Severity.CRITICAL);
        assertThat(finding.finding()).startsWith("User '" + user + "' may use ").contains(named);
        assertThat(finding.fix()).contains("resetkeys ~ss:*");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tooWide")
    @DisplayName("doctor: the same rules on a user that is not named as the application's are a WARNING")
    void otherUserTooWide(String user, String named) {
        Finding finding = userRights(user, null);

        assertThat(finding.severity()).as(finding.finding()).isEqualTo(Severity.WARNING);
        assertThat(finding.finding()).contains(named);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("narrowEnough")
    @DisplayName("doctor: users within the namespace and without dangerous commands are OK (resetkeys, nocommands and subtractions applied in order)")
    void withinNamespace(String user) {
        Finding finding = userRights(user, user);

        assertThat(finding.severity()).as(finding.finding()).isEqualTo(Severity.OK);
    }

    static List<String> narrowEnough() {
        return List.of("least-privilege", "narrower-namespace", "resetkeys-undoes", "nocommands-undoes",
                "cmd-config-minus-set", "cmd-all-minus-dangerous");
    }

    @Test
    @DisplayName("doctor: the narrow reading of subcommands: +config|get names CONFIG GET only")
    void subcommandOnly() {
        assertThat(userRights("cmd-config-get", "cmd-config-get").finding()).contains("CONFIG GET")
                .doesNotContain("CONFIG SET");
    }

    @Test
    @DisplayName("doctor: for every user and every dangerous command, doctor's reading of the rules agrees with ACL DRYRUN")
    void agreesWithTheServer() {
        assertThat(DRY_RUN.keySet()).as("a dry run for every entry of the table")
                .containsExactlyElementsOf(DangerousCommands.ALL.stream().map(DangerousCommands.Command::shown).toList());
        ServerProbe probe = new ServerProbe(executor);
        Map<String, AclUser> listed = probe.aclUsers().stream().collect(Collectors.toMap(AclUser::name, u -> u));
        List<Executable> checks = new ArrayList<>();
        try (RespConnection admin = RespConnection.to(redis)) {
            admin.call("AUTH", "admin", ADMIN_PASSWORD);
            for (String user : USERS.keySet()) {
                AclUser fromGetUser = probe.aclUser(user).orElseThrow();
                AclUser fromList = listed.get(user);
                List<String> doctorSays = fromGetUser.dangerousCommands().stream().map(DangerousCommands.Command::shown).toList();
                List<String> listSays = fromList.dangerousCommands().stream().map(DangerousCommands.Command::shown).toList();
                List<String> serverSays = new ArrayList<>();
                DRY_RUN.forEach((shown, invocation) -> {
                    List<Object> command = new ArrayList<>(List.of("ACL", "DRYRUN", user));
                    command.addAll(Arrays.asList(invocation.split(" ")));
                    Object reply = admin.call(command.toArray());
                    if ("OK".equals(reply)) {
                        serverSays.add(shown);
                    }
                });
                checks.add(() -> assertThat(doctorSays).as("%s (%s), from ACL GETUSER", user, USERS.get(user))
                        .containsExactlyElementsOf(serverSays));
                checks.add(() -> assertThat(listSays).as("%s (%s), from ACL LIST", user, USERS.get(user))
                        .containsExactlyElementsOf(serverSays));
                checks.add(() -> assertThat(fromList.keyPatterns()).as("%s: keys from ACL LIST and ACL GETUSER", user)
                        .containsExactlyInAnyOrderElementsOf(fromGetUser.keyPatterns()));
            }
        }
        assertAll(checks);
    }

    @Test
    @DisplayName("doctor: nopass on any enabled user is CRITICAL, naming it; a disabled or reset one is not reported")
    void nopassUsers() {
        try (RespConnection admin = RespConnection.to(redis)) {
            admin.call("AUTH", "admin", ADMIN_PASSWORD);
            admin.call("ACL", "SETUSER", "guest", "on", "nopass", "~ss:*", "-@all", "+get");
            admin.call("ACL", "SETUSER", "retired", "off", "nopass", "~ss:*", "-@all", "+get");
            admin.call("ACL", "SETUSER", "fixed", "on", "nopass", "resetpass", ">pw-" + base64url(12), "~ss:*", "-@all", "+get");
            try (RespConnection anyone = RespConnection.to(redis)) {
                assertThat(anyone.call("AUTH", "guest", "any password at all")).as("what nopass means").isEqualTo("OK");
            }

            CliRun run = CliRun.in(Map.of(DoctorCommand.PASSWORD_VARIABLE, ADMIN_PASSWORD), "doctor", redis.uri(),
                    "--user", "admin", "--app-user", "least-privilege", "--json");

            assertThat(run.exitCode()).as("%s", run).isEqualTo(DoctorCommand.CRITICAL_FOUND);
            assertThat(DoctorOutput.severities(run.out())).containsEntry("nopass-users", "CRITICAL")
                    .containsEntry("user-rights", "OK").containsEntry("default-user", "OK");
            assertThat(DoctorOutput.finding(run.out(), "nopass-users"))
                    .isEqualTo("1 enabled user takes no password (nopass): 'guest'.");
        } finally {
            try (RespConnection admin = RespConnection.to(redis)) {
                admin.call("AUTH", "admin", ADMIN_PASSWORD);
                admin.call("ACL", "DELUSER", "guest", "retired", "fixed");
            }
        }
    }

    @Test
    @DisplayName("doctor: ACL LIST refused, but doctor got in without a password: nopass on the default user is still CRITICAL")
    void nopassProvedByDoctorsOwnLogin() {
        try (RedisServer open = RedisServer.builder().config("user default on nopass ~ss:* -@all +ping +get +info").start()) {
            CliRun run = CliRun.of("doctor", open.uri(), "--json");

            assertThat(run.exitCode()).as("%s", run).isEqualTo(DoctorCommand.CRITICAL_FOUND);
            assertThat(DoctorOutput.severities(run.out())).containsEntry("nopass-users", "CRITICAL")
                    .containsEntry("default-user", "CRITICAL");
            assertThat(DoctorOutput.finding(run.out(), "nopass-users")).startsWith("At least the default user takes no password")
                    .contains("may not run ACL LIST (NOPERM)");
        }
    }

    @Test
    @DisplayName("doctor: from the command line, an application user with ~*:* and +@admin +@dangerous is CRITICAL, exit 2")
    void commandLine() {
        try (RespConnection admin = RespConnection.to(redis)) {
            admin.call("AUTH", "admin", ADMIN_PASSWORD);
            admin.call("ACL", "SETUSER", "issue-example", "on", ">pw-" + base64url(12), "~*:*", "+@admin", "+@dangerous");
        }
        CliRun run = CliRun.in(Map.of(DoctorCommand.PASSWORD_VARIABLE, ADMIN_PASSWORD), "doctor", redis.uri(),
                "--user", "admin", "--app-user", "issue-example");

        assertThat(run.exitCode()).as("%s", run).isEqualTo(DoctorCommand.CRITICAL_FOUND);
        assertThat(DoctorOutput.tableRows(run.out())).anySatisfy(row -> {
            assertThat(row.severity()).isEqualTo("CRITICAL");
            assertThat(row.findingStart()).startsWith("User 'issue-example' may use");
        });
        assertThat(run.out()).contains("~*:*").contains("CONFIG SET");
    }

    /**
     * The user-rights finding on {@code user}, read from the server by a doctor logged in as the
     * admin user: named with {@code --app-user} when {@code appUser} is given, otherwise judged as
     * doctor judges the user it is connected as.
     */
    private static Finding userRights(String user, @Nullable String appUser) {
        Target target = new Target("ss", 100, false, "redis", "127.0.0.1", "admin", true, appUser);
        return new UserRightsCheck().rightsOf(new Audit(new ServerProbe(executor), target), user);
    }

    private static List<String> splitRules(String rules) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        int depth = 0;
        for (char c : rules.toCharArray()) {
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (c == ' ' && depth == 0) {
                words.add(word.toString());
                word.setLength(0);
            } else {
                word.append(c);
            }
        }
        words.add(word.toString());
        return words;
    }

    private static String base64url(int bytes) {
        byte[] raw = new byte[bytes];
        RANDOM.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }
}

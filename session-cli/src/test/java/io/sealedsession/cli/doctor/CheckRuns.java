package io.sealedsession.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedsession.redis.RedisCommandExecutor;
import io.sealedsession.redis.RedisSessionStores;
import io.sealedsession.redis.RedisStoreConfig;
import io.sealedsession.tests.redis.RedisServer;
import io.sealedsession.tests.redis.RespConnection;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One doctor check run alone against a real {@code redis-server}, over a Lettuce connection, as
 * the doctor's report loop runs it: its findings, or its refused finding when the server refuses a
 * command it needs.
 */
final class CheckRuns {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** The password of user {@code blind} on the servers of {@link Server#withBlindUser}. */
    private static final String BLIND_PASSWORD = password();

    private CheckRuns() {}

    /** User {@code admin} of {@link Server#defaultUserOff}, which may run everything. */
    static Login admin() {
        return Login.as("admin", BLIND_PASSWORD);
    }

    /** User {@code blind} of {@link Server#withBlindUser}, which may run no diagnostic. */
    static Login blind() {
        return Login.as("blind", BLIND_PASSWORD);
    }

    /** A password made for this run. */
    static String password() {
        return "pw-" + base64url(18);
    }

    /** The configuration line of user {@code blind}: a password, the session keys, and no diagnostic at all. */
    static String blindUser(String password) {
        return "user blind on >" + password + " ~ss:* -@all +ping +get";
    }

    /** {@code bytes} random bytes in base64url, as session and principal keys are written. */
    static String base64url(int bytes) {
        byte[] raw = new byte[bytes];
        RANDOM.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    /** How doctor logs in and what it is asked to audit, on a plaintext loopback server. */
    record Login(@Nullable String user, @Nullable String password, @Nullable String appUser, boolean expiryWatcher,
            int maxKeys) {

        /** Without a user name or password: the default user. */
        static Login anonymous() {
            return new Login(null, null, null, false, 1_000);
        }

        /** The default user behind {@code requirepass}: a password without a name. */
        static Login defaultUser(String password) {
            return new Login(null, password, null, false, 1_000);
        }

        static Login as(String user, String password) {
            return new Login(user, password, null, false, 1_000);
        }

        Login auditing(String name) {
            return new Login(user, password, name, expiryWatcher, maxKeys);
        }

        Login withExpiryWatcher() {
            return new Login(user, password, appUser, true, maxKeys);
        }

        Login examiningAtMost(int keys) {
            return new Login(user, password, appUser, expiryWatcher, keys);
        }

        Target target() {
            return new Target("ss", maxKeys, false, "redis", "127.0.0.1", user, password != null, appUser, expiryWatcher);
        }
    }

    /**
     * A {@code redis-server} for one test class, started before its first test and closed after
     * its last: {@code @RegisterExtension static final CheckRuns.Server REDIS = new CheckRuns.Server(...)}.
     */
    static final class Server implements BeforeAllCallback, AfterAllCallback {

        private final String[] config;
        private @Nullable RedisServer redis;

        Server(String... config) {
            this.config = config.clone();
        }

        /** The default user off, and user {@code admin} ({@link CheckRuns#admin()}) with every right. */
        static Server defaultUserOff() {
            return new Server("user default off", "user admin on >" + BLIND_PASSWORD + " ~* &* +@all");
        }

        /**
         * The default user on without a password but without any diagnostic, and user {@code blind}
         * ({@link CheckRuns#blind()}): the server lets anyone in, and refuses them what doctor asks.
         */
        static Server defaultUserWithoutDiagnostics() {
            return new Server("user default on nopass ~ss:* -@all +ping +get", blindUser(BLIND_PASSWORD));
        }

        /** The fixture's defaults and user {@code blind} ({@link CheckRuns#blind()}). */
        static Server withBlindUser() {
            return new Server(blindUser(BLIND_PASSWORD));
        }

        RedisServer get() {
            assertThat(redis).as("started before the class's first test").isNotNull();
            return redis;
        }

        @Override
        public void beforeAll(ExtensionContext context) {
            redis = RedisServer.builder().config(config).start();
        }

        @Override
        public void afterAll(ExtensionContext context) {
            if (redis != null) {
                redis.close();
            }
        }
    }

    /** {@code CONFIG SET parameter value} as the server's default user. */
    static void configSet(RedisServer redis, String parameter, String value) {
        try (RespConnection admin = RespConnection.to(redis)) {
            assertThat(admin.call("CONFIG", "SET", parameter, value)).as("CONFIG SET %s %s", parameter, value)
                    .isEqualTo("OK");
        }
    }

    /** Run as a user that may not run the command it needs, {@code check} is UNKNOWN and names {@code permission}. */
    static Finding assertUnknown(DoctorCheck check, RedisServer redis, Login login, String permission) {
        Finding finding = single(check, redis, login);

        assertThat(finding.severity()).as(finding.finding()).isEqualTo(Severity.UNKNOWN);
        assertThat(finding.finding()).startsWith("Could not check ").contains("(NOPERM)");
        assertThat(finding.fix()).contains(permission);
        return finding;
    }

    /** The findings of {@code check} on {@code redis}, logged in as {@code login}. */
    static List<Finding> run(DoctorCheck check, RedisServer redis, Login login) {
        RedisStoreConfig.Builder config = RedisStoreConfig.custom().uri(redis.uri()).client("lettuce");
        if (login.password() != null) {
            config.credentials(login.user(), login.password().toCharArray());
        }
        return run(check, config.build(), login.target());
    }

    /** The findings of {@code check} over a connection made from {@code config}, for {@code target}. */
    static List<Finding> run(DoctorCheck check, RedisStoreConfig config, Target target) {
        try (RedisCommandExecutor executor = RedisSessionStores.openExecutor(config)) {
            List<Finding> findings = Doctor.run(check, new Audit(new ServerProbe(executor), target));
            assertThat(findings).as("every check reports at least one finding").isNotEmpty();
            return findings;
        }
    }

    /** The one finding of {@code check}, which must carry the check's id. */
    static Finding single(DoctorCheck check, RedisServer redis, Login login) {
        List<Finding> findings = run(check, redis, login);
        assertThat(findings).as("%s", findings).hasSize(1);
        assertThat(findings.get(0).check()).isEqualTo(check.id());
        return findings.get(0);
    }
}

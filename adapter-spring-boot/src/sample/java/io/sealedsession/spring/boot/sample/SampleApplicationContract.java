package io.sealedsession.spring.boot.sample;

import io.sealedsession.spring.boot.sample.app.SampleApplication;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedsession.core.SessionManager;
import io.sealedsession.core.SessionToken;
import io.sealedsession.tests.redis.CommandStats;
import io.sealedsession.tests.redis.RespConnection;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The sample application, driven over HTTP against a real redis-server, as a user's browser
 * would. Each container runs it by extending this class with a configuration that picks the
 * container ({@link #container()}); the same tests run on Tomcat and on Jetty, and on each Spring
 * Boot line this project supports (the sources under {@code src/sample/java} use no API that
 * differs between them).
 */
public abstract class SampleApplicationContract {

    static final SampleFixture FIXTURE = SampleFixture.shared();

    @LocalServerPort
    int port;

    @Autowired
    SessionManager manager;

    /**
     * A second instance of the application, with {@code maxSessionsPreventsLogin(true)}, shared by
     * the tests of one class (each application start costs seconds) and stopped after them.
     */
    private static @Nullable ConfigurableApplicationContext second;
    private RespConnection admin;

    @DynamicPropertySource
    static void sealedSessions(DynamicPropertyRegistry registry) {
        FIXTURE.properties().forEach((key, value) -> registry.add(key, () -> value));
    }

    /** The configuration class that chooses this test's servlet container. */
    protected abstract Class<?> container();

    @BeforeEach
    void cleanRedis() {
        admin = FIXTURE.admin();
        admin.call("FLUSHALL");
    }

    @AfterEach
    void closeAdmin() {
        admin.close();
    }

    @AfterAll
    static void stopSecondInstance() {
        if (second != null) {
            second.close();
            second = null;
        }
    }

    /** The port of the second instance: same Redis, same keyring, its own port; started on first use. */
    int secondInstance() {
        if (second == null) {
            List<String> args = new ArrayList<>();
            args.add("--server.port=0");
            args.add("--sample.max-sessions-prevents-login=true");
            FIXTURE.properties().forEach((key, value) -> args.add("--" + key + "=" + value));
            second = new SpringApplicationBuilder(SampleApplication.class, container()).run(args.toArray(String[]::new));
        }
        return Integer.parseInt(second.getEnvironment().getRequiredProperty("local.server.port"));
    }

    /** Stops the second instance and starts it again: a new application context, the same configuration. */
    int restartSecondInstance() {
        stopSecondInstance();
        return secondInstance();
    }

    /** The Redis key of the record a token names. */
    static String recordOf(String token) {
        return "ss:s:{" + SessionToken.parse(token).orElseThrow().key().value() + "}";
    }

    @Test
    @DisplayName("C1 sign-in sets a new session cookie that carries every flag")
    void signInSetsAHardenedCookie() {
        Browser browser = new Browser(port);
        String csrf = Browser.csrfFrom(browser.get("/login"));
        String preLogin = browser.cookie("__Host-SID");

        HttpResponse<String> signedIn = browser.post("/login", Map.of("username", "alice",
                "password", SampleApplication.passwordOf("alice"), "_csrf", csrf));

        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).doesNotContain("error"));
        List<String> cookies = signedIn.headers().allValues("Set-Cookie");
        assertThat(cookies).hasSize(1);
        assertThat(cookies.get(0)).matches("__Host-SID=[A-Za-z0-9_-]{43}; Path=/; Secure; HttpOnly; SameSite=Lax");
        assertThat(browser.cookie("__Host-SID")).isNotEqualTo(preLogin);
        assertThat(browser.get("/").body()).isEqualTo("hello alice");
    }

    @Test
    @DisplayName("L3 the token held before sign-in opens nothing afterwards")
    void preLoginTokenOpensNothing() {
        Browser browser = new Browser(port);
        browser.get("/login");
        String preLogin = browser.cookie("__Host-SID");
        assertThat(preLogin).isNotNull();

        browser.signIn("alice");
        Browser attacker = new Browser(port);
        attacker.setCookie("__Host-SID", preLogin);

        HttpResponse<String> page = attacker.get("/");
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
        // The old key holds at most the sign-in's sealed tombstone, which names no token and opens nothing.
        assertThat(manager.find(preLogin)).isEmpty();
        assertThat(admin.callLong("PTTL", recordOf(preLogin))).isNotEqualTo(-1L);
    }

    @Test
    @DisplayName("a signed-in request that only reads its session costs one round trip (the bounded read), counted by Redis")
    void readOnlyRequestCostsOneRoundTrip() {
        Browser browser = new Browser(port);
        browser.signIn("alice");
        assertThat(browser.get("/").body()).isEqualTo("hello alice");

        Map<String, Long> commands = CommandStats.during(admin, () ->
                assertThat(browser.get("/").body()).isEqualTo("hello alice"));

        // STRLEN and GETEX run inside the read script.
        assertThat(commands).isEqualTo(Map.of("evalsha", 1L, "strlen", 1L, "getex", 1L));
    }

    @Test
    @DisplayName("L6 maximumSessions(2) evicts the least recently used of three sign-ins")
    void maximumSessionsEvicts() {
        Browser first = new Browser(port);
        Browser second = new Browser(port);
        Browser third = new Browser(port);
        first.signIn("bob");
        second.signIn("bob");

        HttpResponse<String> signedIn = third.signIn("bob");

        assertThat(signedIn.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).doesNotContain("error"));
        assertThat(first.get("/").statusCode()).isEqualTo(302);
        assertThat(second.get("/").body()).isEqualTo("hello bob");
        assertThat(third.get("/").body()).isEqualTo("hello bob");
        assertThat(manager.sessionsOf("bob")).hasSize(2);
    }

    @Test
    @DisplayName("L6 with maxSessionsPreventsLogin, a third sign-in is refused and the first two stay")
    void maximumSessionsPreventsLogin() {
        int strict = secondInstance();
        Browser first = new Browser(strict);
        Browser second = new Browser(strict);
        Browser third = new Browser(strict);
        first.signIn("carol");
        second.signIn("carol");

        HttpResponse<String> refused = third.signIn("carol");

        assertThat(refused.statusCode()).isEqualTo(302);
        assertThat(refused.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));
        assertThat(third.get("/").statusCode()).isEqualTo(302);
        assertThat(first.get("/").body()).isEqualTo("hello carol");
        assertThat(second.get("/").body()).isEqualTo("hello carol");
        assertThat(manager.sessionsOf("carol")).hasSize(2);
    }

    @Test
    @DisplayName("a session survives a restart of the application context: the restarted instance, same keyring, continues it")
    void sessionSurvivesRestart() {
        Browser browser = new Browser(secondInstance());
        browser.signIn("dave");
        String csrf = Browser.csrfFrom(browser.get("/logout"));
        assertThat(browser.post("/cart", Map.of("item", "book-42", "_csrf", csrf)).body()).isEqualTo("cart [book-42]");

        int after = restartSecondInstance();

        assertThat(browser.at(after).get("/cart").body()).isEqualTo("cart [book-42]");
        assertThat(browser.get("/").body()).isEqualTo("hello dave");
    }

    @Test
    @DisplayName("C2 L4 sign-out on a second instance ends the session everywhere and expires the cookie")
    void logoutOnSecondInstance() {
        Browser browser = new Browser(port);
        browser.signIn("erin");
        String token = browser.cookie("__Host-SID");
        int other = secondInstance();

        HttpResponse<String> signedOut = browser.at(other).signOut();

        assertThat(signedOut.statusCode()).isEqualTo(302);
        assertThat(signedOut.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith("__Host-SID=;").contains("Max-Age=0"));
        Browser stale = new Browser(port);
        stale.setCookie("__Host-SID", token);
        assertThat(stale.get("/").statusCode()).isEqualTo(302);
        assertThat(manager.sessionsOf("erin")).isEmpty();
        assertThat(admin.callLong("EXISTS", recordOf(token))).isZero();
    }

    @Test
    @DisplayName("the sealedsessions endpoint, once exposed, is guarded by the application's rules and shows handles, never tokens")
    void adminEndpointListsAndEndsSessions() {
        Browser alice = new Browser(port);
        alice.signIn("alice");
        String token = alice.cookie("__Host-SID");
        assertThat(new Browser(port).get("/actuator/sealedsessions/alice").statusCode()).isEqualTo(302);
        assertThat(alice.get("/actuator/sealedsessions/alice").statusCode()).isEqualTo(403);
        Browser admin = new Browser(port);
        admin.signIn(SampleApplication.ADMIN);
        String handle = manager.sessionsOf("alice").get(0).handle();

        HttpResponse<String> listed = admin.get("/actuator/sealedsessions/alice");

        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body()).contains("\"handle\":\"" + handle + "\"").doesNotContain(token);
        String csrf = Browser.csrfFrom(admin.get("/logout"));
        assertThat(admin.delete("/actuator/sealedsessions/alice/" + handle, csrf).statusCode()).isEqualTo(200);
        assertThat(alice.get("/").statusCode()).isEqualTo(302);
        assertThat(manager.sessionsOf("alice")).isEmpty();
    }
}

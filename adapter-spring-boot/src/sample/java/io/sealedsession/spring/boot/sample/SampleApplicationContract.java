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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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

    private final List<ConfigurableApplicationContext> instances = new ArrayList<>();
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
    void closeInstances() {
        instances.forEach(ConfigurableApplicationContext::close);
        admin.close();
    }

    /** Another instance of the application on the same Redis and keyring, on a port of its own. */
    int anotherInstance(String... extraProperties) {
        List<String> args = new ArrayList<>();
        args.add("--server.port=0");
        FIXTURE.properties().forEach((key, value) -> args.add("--" + key + "=" + value));
        for (String extra : extraProperties) {
            args.add("--" + extra);
        }
        ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class, container())
                .run(args.toArray(String[]::new));
        instances.add(context);
        return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
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
        assertThat(admin.callLong("EXISTS", recordOf(preLogin))).isZero();
    }

    @Test
    @DisplayName("a signed-in request that only reads its session costs one GETEX, counted by Redis")
    void readOnlyRequestCostsOneGetex() {
        Browser browser = new Browser(port);
        browser.signIn("alice");
        assertThat(browser.get("/").body()).isEqualTo("hello alice");

        Map<String, Long> commands = CommandStats.during(admin, () ->
                assertThat(browser.get("/").body()).isEqualTo("hello alice"));

        assertThat(commands).isEqualTo(Map.of("getex", 1L));
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
        int strict = anotherInstance("sample.max-sessions-prevents-login=true");
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
    @DisplayName("a session written by one instance survives its restart: a new instance with the same keyring continues it")
    void sessionSurvivesRestart() {
        int before = anotherInstance();
        Browser browser = new Browser(before);
        browser.signIn("dave");
        String csrf = Browser.csrfFrom(browser.get("/logout"));
        assertThat(browser.post("/cart", Map.of("item", "book-42", "_csrf", csrf)).body()).isEqualTo("cart [book-42]");
        instances.remove(0).close();

        int after = anotherInstance();

        assertThat(browser.at(after).get("/cart").body()).isEqualTo("cart [book-42]");
        assertThat(browser.get("/").body()).isEqualTo("hello dave");
    }

    @Test
    @DisplayName("C2 L4 sign-out on a second instance ends the session everywhere and expires the cookie")
    void logoutOnSecondInstance() {
        Browser browser = new Browser(port);
        browser.signIn("erin");
        String token = browser.cookie("__Host-SID");
        int other = anotherInstance();

        HttpResponse<String> signedOut = browser.at(other).signOut();

        assertThat(signedOut.statusCode()).isEqualTo(302);
        assertThat(signedOut.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith("__Host-SID=;").contains("Max-Age=0"));
        Browser stale = new Browser(port);
        stale.setCookie("__Host-SID", token);
        assertThat(stale.get("/").statusCode()).isEqualTo(302);
        assertThat(manager.sessionsOf("erin")).isEmpty();
        assertThat(admin.callLong("EXISTS", recordOf(token))).isZero();
    }
}

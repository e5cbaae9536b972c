package io.sealedsession.spring.boot.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedsession.core.SessionManager;
import io.sealedsession.core.SessionToken;
import io.sealedsession.spring.boot.sample.oauth2.OAuth2SampleApplication;
import io.sealedsession.tests.redis.RespConnection;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code oauth2Login()} end to end: {@link OAuth2SampleApplication} on a real redis-server
 * signs users in through {@link OidcProvider} (discovery, JWKS, authorize and token on the
 * loopback interface, an RSA key made at start), driven by a real HTTP client that follows every
 * redirect from the application to the provider and back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class OAuth2LoginContract {

    private static final String SUBJECT = "oidc-user-7f3a";
    private static final String EMAIL = "ada@example.test";

    private final SampleFixture fixture = SampleFixture.shared();
    private OidcProvider provider;
    private ConfigurableApplicationContext application;
    private int port;
    private RespConnection admin;

    /** The configuration class that chooses the servlet container. */
    protected abstract Class<?> container();

    @BeforeAll
    void start() {
        provider = OidcProvider.start("sample-client", SUBJECT, EMAIL);
        startApplication();
    }

    @AfterAll
    void stop() {
        if (application != null) {
            application.close();
        }
        if (provider != null) {
            provider.close();
        }
    }

    @BeforeEach
    void cleanRedis() {
        admin = fixture.admin();
        admin.call("FLUSHALL");
    }

    @AfterEach
    void closeAdmin() {
        admin.close();
    }

    private void startApplication() {
        List<String> args = new ArrayList<>();
        args.add("--server.port=0");
        fixture.properties().forEach((key, value) -> args.add("--" + key + "=" + value));
        String registration = "--spring.security.oauth2.client.registration.sample.";
        args.add(registration + "client-id=" + provider.clientId());
        args.add(registration + "client-secret=" + provider.clientSecret());
        args.add(registration + "scope=openid,email");
        args.add(registration + "provider=sample");
        args.add("--spring.security.oauth2.client.provider.sample.issuer-uri=" + provider.issuer());
        application = new SpringApplicationBuilder(OAuth2SampleApplication.class, container()).run(args.toArray(String[]::new));
        port = Integer.parseInt(application.getEnvironment().getRequiredProperty("local.server.port"));
    }

    private SessionManager manager() {
        return application.getBean(SessionManager.class);
    }

    /** What a sign-in left: the token held before it, and the answer at the end of the redirects. */
    private record SignIn(String preLoginToken, HttpResponse<String> landed) {}

    /**
     * Asks for the home page signed out, takes the way to the provider the application points to,
     * and from there follows every redirect to the end.
     */
    private SignIn signIn(Browser browser) {
        HttpResponse<String> first = browser.get("/");
        assertThat(first.statusCode()).isEqualTo(302);
        String path = URI.create(first.headers().firstValue("Location").orElseThrow()).getPath();
        // With one registration Spring sends the browser straight to it; else the login page links to it.
        HttpResponse<String> toProvider = browser.get(path.equals("/login") ? "/oauth2/authorization/sample" : path);
        assertThat(toProvider.statusCode()).isEqualTo(302);
        assertThat(toProvider.headers().firstValue("Location")).hasValueSatisfying(l ->
                assertThat(l).startsWith(provider.issuer() + "/authorize?"));
        String preLogin = browser.cookie("__Host-SID");
        assertThat(preLogin).as("the session that holds the authorization request").isNotNull();
        return new SignIn(preLogin, browser.follow(toProvider));
    }

    @Test
    @DisplayName("L3 sign-in through the OpenID provider rotates the token; the pre-login token opens nothing; the user is read back on every request")
    void signInRotatesAndTheOAuth2UserIsKept() {
        int tokensBefore = provider.tokensIssued();
        Browser browser = new Browser(port);

        SignIn signIn = signIn(browser);

        assertThat(signIn.landed().statusCode()).isEqualTo(200);
        assertThat(signIn.landed().body()).isEqualTo("hello " + SUBJECT + " via sample");
        assertThat(provider.tokensIssued() - tokensBefore).isEqualTo(1);
        List<String> paths = browser.visited().stream().map(URI::getPath).toList();
        assertThat(paths).contains("/authorize", "/login/oauth2/code/sample");
        assertThat(browser.visited()).anySatisfy(uri -> assertThat(uri.getPort()).isNotEqualTo(port));
        String signedIn = browser.cookie("__Host-SID");
        assertThat(signedIn).isNotNull().isNotEqualTo(signIn.preLoginToken());

        Browser attacker = new Browser(port);
        attacker.setCookie("__Host-SID", signIn.preLoginToken());
        assertThat(attacker.get("/").statusCode()).isEqualTo(302);
        assertThat(manager().find(signIn.preLoginToken())).isEmpty();

        assertThat(browser.get("/me").body()).isEqualTo(EMAIL + " from " + provider.issuer() + " [SCOPE_email, SCOPE_openid]");
        assertThat(browser.get("/").body()).isEqualTo("hello " + SUBJECT + " via sample");
        assertThat(manager().sessionsOf(SUBJECT)).hasSize(1);
    }

    @Test
    @DisplayName("C2 L4 the OAuth2 sign-in survives a restart of the application context, and logout ends it")
    void oauth2SessionSurvivesRestartAndLogoutEndsIt() {
        Browser browser = new Browser(port);
        assertThat(signIn(browser).landed().statusCode()).isEqualTo(200);
        String token = browser.cookie("__Host-SID");
        int tokensAfterSignIn = provider.tokensIssued();

        application.close();
        startApplication();

        assertThat(browser.at(port).get("/").body()).isEqualTo("hello " + SUBJECT + " via sample");
        assertThat(browser.get("/me").body()).startsWith(EMAIL + " from " + provider.issuer());
        assertThat(provider.tokensIssued()).as("no new sign-in at the provider").isEqualTo(tokensAfterSignIn);

        HttpResponse<String> signedOut = browser.signOut();

        assertThat(signedOut.statusCode()).isEqualTo(302);
        assertThat(signedOut.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith("__Host-SID=;")
                .contains("Max-Age=0"));
        Browser stale = new Browser(port);
        stale.setCookie("__Host-SID", token);
        assertThat(stale.get("/").statusCode()).isEqualTo(302);
        assertThat(manager().sessionsOf(SUBJECT)).isEmpty();
        assertThat(admin.callLong("EXISTS", "ss:s:{" + SessionToken.parse(token).orElseThrow().key().value() + "}")).isZero();
    }
}

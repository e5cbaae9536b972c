package io.sealedsession.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedsession.core.SessionEvent;
import io.sealedsession.core.SessionManager;
import io.sealedsession.core.SessionPolicy;
import io.sealedsession.core.memory.InMemorySessionStore;
import io.sealedsession.core.port.SessionSealer;
import io.sealedsession.core.port.SessionStore;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;

/**
 * The servlet adapter end to end: a real container, a real HTTP client, and assertions on what
 * the client receives. A subclass is a {@code @ParameterizedClass} over the containers
 * ({@link ServletContainer#all()}) and returns its current one from {@link #container()}; a store
 * can be swapped in by overriding {@link #newStore()}. The app starts before each invocation of
 * the subclass and stops after it.
 *
 * <p>The main app runs over plain HTTP on 127.0.0.1, so it uses a cookie named {@code SID} with
 * {@link CookieSettings.Builder#insecurePlainHttpCookies()}; the secure defaults are checked
 * separately, byte for byte.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SealedSessionFilterContract {

    static final String COOKIE = "SID";
    static final CookieSettings PLAIN_HTTP = CookieSettings.custom().name(COOKIE).insecurePlainHttpCookies().build();

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final Pattern PLAIN_HTTP_SET_COOKIE =
            Pattern.compile("SID=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Lax");
    private static final String PLAIN_HTTP_EXPIRY = "SID=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax";
    private static final int PARALLEL = 20;

    private final List<String> appEvents = new CopyOnWriteArrayList<>();
    private final List<SessionEvent> audit = new CopyOnWriteArrayList<>();
    private ObservedStore store;
    private SessionManager manager;
    private TestApp app;
    private ServletContainer.Running running;
    private HttpTestClient client;

    /** The container under test. */
    protected abstract ServletContainer container();

    /** The store under test; the in-memory reference store unless a subclass plugs in another. */
    protected SessionStore newStore() {
        return new InMemorySessionStore();
    }

    /** The sealer; a JDK AES-GCM one here, the Tink keyring where the module's tests run on Redis. */
    protected SessionSealer newSealer() {
        return new AesGcmTestSealer();
    }

    @BeforeParameterizedClassInvocation
    void startApp() throws Exception {
        store = new ObservedStore(newStore());
        manager = SessionManager.builder(store, newSealer())
                .attributeCodec(new RecordingCodec(appEvents))
                .eventListener(audit::add)
                .build();
        app = newApp(builder -> builder.cookieSettings(PLAIN_HTTP));
        running = container().start(app);
        client = new HttpTestClient(running.baseUri());
    }

    @AfterParameterizedClassInvocation
    void stopApp() {
        if (running != null) {
            running.close();
        }
    }

    @BeforeEach
    void storeIsReachable() {
        store.setAvailable(true);
    }

    private TestApp newApp(UnaryOperator<SealedSessionFilter.Builder> configure) {
        return new TestApp(SealedSessionFilter.builder(manager), configure, appEvents);
    }

    private static String[] cookie(String token) {
        return new String[] {"Cookie", COOKIE + "=" + token};
    }

    /** Starts a session holding {@code name=value} and returns its token. */
    private String newSession(String name, String value) throws Exception {
        HttpTestClient.Reply reply = client.get("/add?name=" + name + "&value=" + value);
        assertThat(reply.status()).isEqualTo(200);
        return reply.cookie(COOKIE).orElseThrow(() -> new AssertionError("no session cookie in " + reply.setCookies()));
    }

    // ---- cookies --------------------------------------------------------------------------------

    @Test
    @DisplayName("C1: a new session's cookie carries the configured attributes and nothing else")
    void newSessionCookieCarriesConfiguredAttributes() throws Exception {
        HttpTestClient.Reply reply = client.get("/add?name=colour&value=blue");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.setCookies()).singleElement().asString().matches(PLAIN_HTTP_SET_COOKIE);
        String token = reply.cookie(COOKIE).orElseThrow();
        assertThat(client.get("/get", cookie(token)).body()).isEqualTo("colour=blue");
    }

    @Test
    @DisplayName("C1: with the defaults the Set-Cookie header is exactly __Host-SID=<token>; Path=/; Secure; HttpOnly; SameSite=Lax")
    void secureDefaultsProduceTheExactHeader() throws Exception {
        try (ServletContainer.Running defaults = container().start(newApp(UnaryOperator.identity()))) {
            HttpTestClient secure = new HttpTestClient(defaults.baseUri());

            HttpTestClient.Reply created = secure.get("/add?name=a&value=1");
            assertThat(created.setCookies()).singleElement().asString()
                    .matches("__Host-SID=[A-Za-z0-9_-]{43}; Path=/; Secure; HttpOnly; SameSite=Lax");
            assertThat(("Set-Cookie: " + created.setCookies().get(0)).getBytes(StandardCharsets.US_ASCII)).hasSizeLessThan(4096);

            String token = created.cookie("__Host-SID").orElseThrow();
            HttpTestClient.Reply loggedOut = secure.get("/logout", "Cookie", "__Host-SID=" + token);
            assertThat(loggedOut.setCookies()).containsExactly("__Host-SID=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Lax");
        }
    }

    @Test
    @DisplayName("a request that never creates a session gets no cookie")
    void noSessionNoCookie() throws Exception {
        HttpTestClient.Reply reply = client.get("/get");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("no session");
        assertThat(reply.setCookies()).isEmpty();
    }

    // ---- sign-in and sign-out -------------------------------------------------------------------

    @Test
    @DisplayName("L3: signing in issues a new token and the old cookie opens nothing afterwards")
    void signInRotatesTheToken() throws Exception {
        String before = newSession("cart", "3-items");

        HttpTestClient.Reply login = client.get("/login?user=alice", cookie(before));
        String after = login.cookie(COOKIE).orElseThrow();

        assertThat(login.setCookies()).singleElement().asString().matches(PLAIN_HTTP_SET_COOKIE);
        assertThat(after).isNotEqualTo(before);
        assertThat(client.get("/get", cookie(after)).body()).isEqualTo("cart=3-items");
        assertThat(client.get("/whoami", cookie(after)).body()).isEqualTo("alice");

        HttpTestClient.Reply replay = client.get("/get", cookie(before));
        assertThat(replay.body()).isEqualTo("no session");
        assertThat(replay.setCookies()).isEmpty();
        assertThat(client.get("/whoami", cookie(before)).body()).isEqualTo("anonymous");

        HttpTestClient.Reply fresh = client.get("/add?name=x&value=1", cookie(before));
        String issued = fresh.cookie(COOKIE).orElseThrow();
        assertThat(issued).isNotIn(before, after);
        assertThat(client.get("/get", cookie(issued)).body()).isEqualTo("x=1");
    }

    @Test
    @DisplayName("periodic renewal: a session whose token is older than the renewal interval gets a new cookie and id")
    void periodicRenewalIssuesANewCookie() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        SessionManager renewing = SessionManager.builder(store, new AesGcmTestSealer())
                .clock(clock)
                .policy(SessionPolicy.custom().renewalInterval(Duration.ofMinutes(5)).build())
                .attributeCodec(new RecordingCodec(appEvents))
                .build();
        TestApp renewingApp = new TestApp(SealedSessionFilter.builder(renewing), builder -> builder.cookieSettings(PLAIN_HTTP), appEvents);
        try (ServletContainer.Running running = container().start(renewingApp)) {
            HttpTestClient renewingClient = new HttpTestClient(running.baseUri());
            String token = renewingClient.get("/add?name=kept&value=1").cookie(COOKIE).orElseThrow();
            String id = idOf(renewingClient, token);
            assertThat(renewingClient.get("/get", cookie(token)).setCookies()).isEmpty();
            appEvents.clear();

            clock.advance(Duration.ofMinutes(6));
            HttpTestClient.Reply renewed = renewingClient.get("/get", cookie(token));

            assertThat(renewed.body()).isEqualTo("kept=1");
            assertThat(renewed.setCookies()).singleElement().asString().matches(PLAIN_HTTP_SET_COOKIE);
            String newToken = renewed.cookie(COOKIE).orElseThrow();
            assertThat(newToken).isNotEqualTo(token);
            assertThat(renewingClient.get("/get", cookie(token)).body()).isEqualTo("no session");
            assertThat(renewingClient.get("/get", cookie(newToken)).body()).isEqualTo("kept=1");
            assertThat(appEvents).containsExactly("idChanged " + id + " -> " + idOf(renewingClient, newToken));
        }
    }

    @Test
    @DisplayName("C2, L4: signing out sends an expiring cookie and the old cookie opens nothing")
    void signOutExpiresTheCookie() throws Exception {
        String token = client.get("/login?user=bob").cookie(COOKIE).orElseThrow();
        assertThat(client.get("/whoami", cookie(token)).body()).isEqualTo("bob");

        HttpTestClient.Reply logout = client.get("/logout", cookie(token));

        assertThat(logout.status()).isEqualTo(200);
        assertThat(logout.setCookies()).containsExactly(PLAIN_HTTP_EXPIRY);
        assertThat(client.get("/get", cookie(token)).body()).isEqualTo("no session");
        assertThat(client.get("/whoami", cookie(token)).body()).isEqualTo("anonymous");
    }

    @Test
    @DisplayName("L5: ending a principal's other sessions leaves only the current one")
    void invalidateOthersEndsTheOtherDevices() throws Exception {
        String laptop = client.get("/login?user=carol").cookie(COOKIE).orElseThrow();
        String phone = client.get("/login?user=carol").cookie(COOKIE).orElseThrow();

        assertThat(client.get("/others", cookie(laptop)).body()).isEqualTo("ended 1");

        assertThat(client.get("/whoami", cookie(laptop)).body()).isEqualTo("carol");
        assertThat(client.get("/whoami", cookie(phone)).body()).isEqualTo("anonymous");
    }

    // ---- concurrency ----------------------------------------------------------------------------

    @Test
    @DisplayName("20 parallel requests that each add a different attribute keep all 20")
    void parallelRequestsKeepEveryChange() throws Exception {
        String token = newSession("seed", "0");
        app.newBarrier(PARALLEL);

        List<CompletableFuture<HttpTestClient.Reply>> replies = IntStream.range(0, PARALLEL)
                .mapToObj(i -> client.getAsync("/add?barrier&name=k" + i + "&value=v" + i, cookie(token)))
                .toList();

        for (CompletableFuture<HttpTestClient.Reply> reply : replies) {
            HttpTestClient.Reply received = reply.get(60, TimeUnit.SECONDS);
            assertThat(received.status()).isEqualTo(200);
            assertThat(received.setCookies()).isEmpty();
        }
        List<String> expected = new ArrayList<>(IntStream.range(0, PARALLEL).mapToObj(i -> "k" + i + "=v" + i).toList());
        expected.add("seed=0");
        assertThat(client.get("/get", cookie(token)).body().lines().toList()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    @DisplayName("invariant 5: with the session lock on, twenty parallel plain read-modify-writes keep all twenty; without it they do not")
    void sessionLockSerializesPlainReadModifyWrite() throws Exception {
        try (ServletContainer.Running locked = container().start(newApp(builder -> builder.cookieSettings(PLAIN_HTTP)
                .sessionLock(Duration.ofSeconds(10), Duration.ofSeconds(10))))) {
            HttpTestClient lockedClient = new HttpTestClient(locked.baseUri());
            String token = lockedClient.get("/add?name=seed&value=0").cookie(COOKIE).orElseThrow();
            List<CompletableFuture<HttpTestClient.Reply>> replies = IntStream.range(0, PARALLEL)
                    .mapToObj(i -> lockedClient.getAsync("/increment", cookie(token)))
                    .toList();
            for (CompletableFuture<HttpTestClient.Reply> reply : replies) {
                assertThat(reply.get(60, TimeUnit.SECONDS).status()).isEqualTo(200);
            }
            assertThat(lockedClient.get("/get", cookie(token)).body().lines()).contains("counter=" + PARALLEL);
            assertThat(audit).noneMatch(event -> event.type() == SessionEvent.Type.CONCURRENT_OVERWRITE
                    && event.detail().contains("counter"));
        }
        // The same requests without the lock: last writer wins, and the overwrites are reported.
        String token = newSession("seed", "0");
        List<CompletableFuture<HttpTestClient.Reply>> replies = IntStream.range(0, PARALLEL)
                .mapToObj(i -> client.getAsync("/increment", cookie(token)))
                .toList();
        for (CompletableFuture<HttpTestClient.Reply> reply : replies) {
            assertThat(reply.get(60, TimeUnit.SECONDS).status()).isEqualTo(200);
        }
        String counter = client.get("/get", cookie(token)).body().lines().filter(line -> line.startsWith("counter=")).findFirst().orElseThrow();
        if (!counter.equals("counter=" + PARALLEL)) {
            assertThat(audit).anyMatch(event -> event.type() == SessionEvent.Type.CONCURRENT_OVERWRITE);
        }
    }

    @Test
    @DisplayName("the session lock: a request that cannot get it in time gets 503 with Retry-After; a failed or asynchronous request releases it")
    void sessionLockBusyAndReleased() throws Exception {
        TestApp lockedApp = newApp(builder -> builder.cookieSettings(PLAIN_HTTP)
                .sessionLock(Duration.ofSeconds(10), Duration.ofMillis(100)));
        try (ServletContainer.Running locked = container().start(lockedApp)) {
            HttpTestClient lockedClient = new HttpTestClient(locked.baseUri());
            String token = lockedClient.get("/add?name=seed&value=0").cookie(COOKIE).orElseThrow();

            TestApp.Gate gate = lockedApp.newGate();
            CompletableFuture<HttpTestClient.Reply> holder = lockedClient.getAsync("/slow?name=held&value=1", cookie(token));
            gate.awaitEntered();
            HttpTestClient.Reply busy = lockedClient.get("/get", cookie(token));
            gate.open();
            assertThat(holder.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
            assertThat(busy.status()).isEqualTo(503);
            assertThat(busy.header("Retry-After")).contains("1");
            assertThat(busy.body()).doesNotContain("Exception");

            assertThat(lockedClient.get("/boom?name=b&value=1", cookie(token)).status()).isEqualTo(500);
            assertThat(lockedClient.get("/async?name=c&value=1", cookie(token)).status()).isEqualTo(202);
            HttpTestClient.Reply after = lockedClient.get("/get", cookie(token));
            assertThat(after.status()).as("the lock was released by the failed and the asynchronous request").isEqualTo(200);
            assertThat(after.body().lines()).contains("held=1", "b=1", "c=1");
        }
    }

    @Test
    @DisplayName("L4: a request still running when the user signs out does not bring the session back")
    void lateRequestCannotResurrectASignedOutSession() throws Exception {
        String token = client.get("/login?user=dave").cookie(COOKIE).orElseThrow();
        TestApp.Gate gate = app.newGate();
        CompletableFuture<HttpTestClient.Reply> slow = client.getAsync("/slow?name=late&value=1", cookie(token));
        gate.awaitEntered();

        HttpTestClient.Reply logout = client.get("/logout", cookie(token));
        gate.open();
        HttpTestClient.Reply late = slow.get(30, TimeUnit.SECONDS);

        assertThat(logout.setCookies()).containsExactly(PLAIN_HTTP_EXPIRY);
        assertThat(late.status()).isEqualTo(200);
        assertThat(late.setCookies()).as("the late request leaves the cookie to the sign-out").isEmpty();
        assertThat(client.get("/get", cookie(token)).body()).isEqualTo("no session");
        assertThat(client.get("/whoami", cookie(token)).body()).isEqualTo("anonymous");
        assertThat(audit).extracting(SessionEvent::type).contains(SessionEvent.Type.WRITE_AFTER_DELETE_REFUSED);
    }

    @Test
    @DisplayName("a request still running when the user signs in does not clear the new cookie")
    void lateRequestKeepsTheTokenASignInIssued() throws Exception {
        String before = newSession("theme", "dark");
        TestApp.Gate gate = app.newGate();
        CompletableFuture<HttpTestClient.Reply> slow = client.getAsync("/slow?name=late&value=1", cookie(before));
        gate.awaitEntered();

        String after = client.get("/login?user=erin", cookie(before)).cookie(COOKIE).orElseThrow();
        gate.open();
        HttpTestClient.Reply late = slow.get(30, TimeUnit.SECONDS);

        // An expiring cookie here would arrive after the sign-in's cookie and log the user out.
        assertThat(late.status()).isEqualTo(200);
        assertThat(late.setCookies()).isEmpty();
        assertThat(client.get("/whoami", cookie(after)).body()).isEqualTo("erin");
        assertThat(client.get("/get", cookie(after)).body()).isEqualTo("theme=dark");
        assertThat(client.get("/get", cookie(before)).body()).isEqualTo("no session");
    }

    // ---- bad input ------------------------------------------------------------------------------

    @Test
    @DisplayName("C2: a token in the URL is ignored")
    void tokenInUrlIsIgnored() throws Exception {
        String token = newSession("secret", "42");

        for (String path : List.of("/get;jsessionid=" + token, "/get?SID=" + token, "/get?__Host-SID=" + token,
                "/get?jsessionid=" + token)) {
            HttpTestClient.Reply reply = client.get(path);
            assertThat(reply.body()).as(path).isEqualTo("no session");
            assertThat(reply.setCookies()).as(path).isEmpty();
        }
        HttpTestClient.Reply id = client.get("/id?SID=" + token);
        assertThat(id.body()).isEqualTo("id=none requested=null valid=false fromCookie=false fromURL=false encoded=/next");
    }

    @Test
    @DisplayName("T3: a tampered cookie gives a fresh session with a new token, never an error")
    void tamperedCookieGivesAFreshSession() throws Exception {
        String token = newSession("balance", "100");
        char[] chars = token.toCharArray();
        chars[20] = chars[20] == 'A' ? 'B' : 'A';
        String tampered = new String(chars);

        HttpTestClient.Reply reply = client.get("/add?name=balance&value=0", cookie(tampered));

        assertThat(reply.status()).isEqualTo(200);
        String issued = reply.cookie(COOKIE).orElseThrow();
        assertThat(issued).isNotIn(token, tampered);
        assertThat(client.get("/get", cookie(issued)).body()).isEqualTo("balance=0");
        assertThat(client.get("/get", cookie(token)).body()).isEqualTo("balance=100");
        assertThat(client.get("/get", cookie(tampered)).body()).isEqualTo("no session");
        assertThat(audit).extracting(SessionEvent::type).contains(SessionEvent.Type.UNKNOWN_TOKEN);
    }

    @Test
    @DisplayName("T2, T3: a malformed cookie (too long, bad characters) gives a fresh session, never an error")
    void malformedCookieGivesAFreshSession() throws Exception {
        String valid = newSession("a", "1");
        List<String> malformed = List.of("A".repeat(5000), "abc$%^&*()", valid.substring(1), valid + "A",
                valid.substring(0, 42) + "*", "\"" + valid + "\"", "=" + valid);

        for (String value : malformed) {
            audit.clear();
            HttpTestClient.Reply reply = client.get("/add?name=b&value=2", cookie(value));
            assertThat(reply.status()).as(value).isEqualTo(200);
            String issued = reply.cookie(COOKIE).orElseThrow(() -> new AssertionError("no new cookie for " + value));
            assertThat(issued).matches(TOKEN).isNotEqualTo(value).isNotEqualTo(valid);
            assertThat(client.get("/get", cookie(issued)).body()).isEqualTo("b=2");
            assertThat(audit).extracting(SessionEvent::type).as(value).contains(SessionEvent.Type.MALFORMED_TOKEN);
        }
    }

    @Test
    @DisplayName("an attribute the codec cannot encode fails at setAttribute, naming the attribute and the type")
    void unencodableAttributeFailsWhereItIsSet() throws Exception {
        HttpTestClient.Reply reply = client.get("/setbad");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("'bad'").contains("java.lang.Object");
    }

    @Test
    @DisplayName("two session cookies with different values count as none: a fresh token, and neither session is touched")
    void twoSessionCookiesCountAsNone() throws Exception {
        String first = newSession("owner", "first");
        String second = newSession("owner", "second");

        for (String[] headers : List.of(
                new String[] {"Cookie", COOKIE + "=" + first + "; " + COOKIE + "=" + second},
                new String[] {"Cookie", COOKIE + "=" + second + "; other=1", "Cookie", COOKIE + "=" + first})) {
            assertThat(client.get("/get", headers).body()).isEqualTo("no session");
            HttpTestClient.Reply created = client.get("/add?name=owner&value=third", headers);
            assertThat(created.status()).isEqualTo(200);
            assertThat(created.cookie(COOKIE)).hasValueSatisfying(issued -> assertThat(issued).isNotIn(first, second));
        }
        assertThat(client.get("/get", cookie(first)).body()).isEqualTo("owner=first");
        assertThat(client.get("/get", cookie(second)).body()).isEqualTo("owner=second");
        assertThat(client.get("/get", "Cookie", COOKIE + "=" + first + "; " + COOKIE + "=" + first).body())
                .as("the same value twice is that value").isEqualTo("owner=first");
    }

    // ---- caching --------------------------------------------------------------------------------

    @Test
    @DisplayName("H4: every response that issues or expires a cookie says Cache-Control: no-store and Vary: Cookie")
    void tokenResponsesAreNoStore() throws Exception {
        HttpTestClient.Reply created = client.get("/add?name=a&value=1");
        String token = created.cookie(COOKIE).orElseThrow();
        HttpTestClient.Reply read = client.get("/get", cookie(token));
        HttpTestClient.Reply signedIn = client.get("/login?user=heidi", cookie(token));
        String signedInToken = signedIn.cookie(COOKIE).orElseThrow();
        HttpTestClient.Reply rotated = client.get("/rotate", cookie(signedInToken));
        HttpTestClient.Reply signedOut = client.get("/logout", cookie(rotated.cookie(COOKIE).orElseThrow()));

        for (HttpTestClient.Reply reply : List.of(created, signedIn, rotated, signedOut)) {
            assertThat(reply.setCookies()).hasSize(1);
            assertThat(reply.headers().allValues("Cache-Control")).containsExactly("no-store");
            assertThat(reply.headers().allValues("Vary")).anySatisfy(vary -> assertThat(vary).containsIgnoringCase("Cookie"));
        }
        assertThat(read.setCookies()).isEmpty();
        assertThat(read.headers().allValues("Cache-Control")).as("a response without a token is left alone").isEmpty();
    }

    @Test
    @DisplayName("H4: no-store overrides the application's caching headers, set before or after the cookie was written")
    void noStoreOverridesTheApplication() throws Exception {
        for (String when : List.of("before", "after")) {
            HttpTestClient.Reply reply = client.get("/cached?when=" + when);

            assertThat(reply.body()).isEqualTo("cacheable page");
            assertThat(reply.setCookies()).as(when).singleElement().asString().matches(PLAIN_HTTP_SET_COOKIE);
            assertThat(reply.headers().allValues("Cache-Control")).as(when).containsExactly("no-store");
            String vary = String.join(",", reply.headers().allValues("Vary"));
            assertThat(vary).as(when).containsIgnoringCase("Accept-Encoding").containsIgnoringCase("Cookie");
            assertThat(client.get("/get", cookie(reply.cookie(COOKIE).orElseThrow())).body()).isEqualTo("cached=yes");
        }
    }

    // ---- failures -------------------------------------------------------------------------------

    @Test
    @DisplayName("H1: a save that loses every compare-and-set attempt answers 503 with Retry-After and JSON, and saves nothing")
    void lostSaveGives503WithRetryAfter() throws Exception {
        String token = newSession("kept", "yes");

        store.setConflicting(true);
        HttpTestClient.Reply reply;
        try {
            reply = client.get("/add?name=lost&value=1", cookie(token));
        } finally {
            store.setConflicting(false);
        }

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.header("Retry-After")).hasValue("1");
        assertThat(reply.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(reply.header("Cache-Control")).hasValue("no-store");
        assertThat(reply.body()).startsWith("{\"error\": \"").contains("not saved").doesNotContain("Exception")
                .doesNotContain("io.sealedsession");
        assertThat(client.get("/get", cookie(token)).body()).isEqualTo("kept=yes");
    }

    @Test
    @DisplayName("H1: any other session failure answers 500 with a generic JSON body whose id matches exactly one log line")
    void otherSessionFailureGives500WithAnErrorId() throws Exception {
        ch.qos.logback.classic.Logger logger =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.sealedsession.servlet");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
                new ch.qos.logback.core.read.ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        HttpTestClient.Reply reply;
        try {
            reply = client.get("/setbad-uncaught");
        } finally {
            logger.detachAppender(lines);
        }

        assertThat(reply.status()).isEqualTo(500);
        assertThat(reply.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(reply.body().strip()).matches("\\{\"error\": \"internal error\", \"id\": \"[0-9a-f]{16}\"}");
        String id = reply.body().replaceAll("(?s).*\"id\": \"([0-9a-f]{16})\".*", "$1");
        assertThat(lines.list).filteredOn(line -> line.getFormattedMessage().contains(id)).singleElement()
                .satisfies(line -> assertThat(line.getThrowableProxy().getClassName()).endsWith("AttributeNotEncodableException"));
    }

    @Test
    @DisplayName("H2: a full in-memory store answers 503 with Retry-After for a new session; existing sessions keep working")
    void fullStoreGives503() throws Exception {
        SessionManager small = SessionManager.builder(new InMemorySessionStore(java.time.Clock.systemUTC(), 2),
                new AesGcmTestSealer()).build();
        TestApp smallApp = new TestApp(SealedSessionFilter.builder(small), builder -> builder.cookieSettings(PLAIN_HTTP),
                new CopyOnWriteArrayList<>());
        try (ServletContainer.Running running = container().start(smallApp)) {
            HttpTestClient smallClient = new HttpTestClient(running.baseUri());
            String first = smallClient.get("/add?name=n&value=1").cookie(COOKIE).orElseThrow();
            smallClient.get("/add?name=n&value=2");

            HttpTestClient.Reply refused = smallClient.get("/add?name=n&value=3");

            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.header("Retry-After")).hasValue("1");
            assertThat(refused.setCookies()).isEmpty();
            assertThat(refused.body()).doesNotContain("Exception");
            assertThat(smallClient.get("/get", cookie(first)).body()).isEqualTo("n=1");
        }
    }

    // ---- what gets written ----------------------------------------------------------------------

    @Test
    @DisplayName("a request that only reads writes nothing to the store and sends no cookie")
    void readingWritesNothing() throws Exception {
        String token = newSession("read", "only");
        long writes = store.recordWrites();

        for (int i = 0; i < 3; i++) {
            HttpTestClient.Reply reply = client.get("/get", cookie(token));
            assertThat(reply.body()).isEqualTo("read=only");
            assertThat(reply.setCookies()).isEmpty();
        }
        assertThat(client.get("/id", cookie(token)).setCookies()).isEmpty();

        assertThat(store.recordWrites()).isEqualTo(writes);
    }

    @Test
    @DisplayName("a redirect carries the new cookie, and the next request sees what was set before it")
    void redirectSavesFirst() throws Exception {
        HttpTestClient.Reply reply = client.get("/redirect?name=step&value=2");

        assertThat(reply.status()).isEqualTo(302);
        assertThat(reply.header("Location")).hasValueSatisfying(location -> assertThat(location).endsWith("/get"));
        assertThat(reply.setCookies()).singleElement().asString().matches(PLAIN_HTTP_SET_COOKIE);
        String token = reply.cookie(COOKIE).orElseThrow();
        assertThat(client.get("/get", cookie(token)).body()).isEqualTo("step=2");
    }

    @Test
    @DisplayName("a flushed response already carries the cookie and the session is saved while the servlet still runs")
    void flushSavesFirst() throws Exception {
        TestApp.Gate gate = app.newGate();
        HttpResponse<InputStream> response = client.stream("/flush?name=progress&value=half").get(30, TimeUnit.SECONDS);
        try (BufferedReader body = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertThat(body.readLine()).isEqualTo("flushed");
            String token = response.headers().allValues("Set-Cookie").stream()
                    .filter(header -> header.startsWith(COOKIE + "="))
                    .map(header -> header.substring(COOKIE.length() + 1, header.indexOf(';')))
                    .findFirst().orElseThrow();

            // The servlet has not returned yet: it waits at the gate.
            assertThat(gate.release.getCount()).isEqualTo(1);
            assertThat(client.get("/get", cookie(token)).body()).isEqualTo("progress=half");

            gate.open();
            assertThat(body.readLine()).isEqualTo("end");
        }
    }

    @Test
    @DisplayName("a response whose declared length is reached is saved before the client has it")
    void reachedContentLengthSavesFirst() throws Exception {
        TestApp.Gate gate = app.newGate();
        try {
            HttpTestClient.Reply reply = client.getAsync("/sized?name=size&value=known").get(30, TimeUnit.SECONDS);

            assertThat(gate.release.getCount()).as("the servlet still waits").isEqualTo(1);
            assertThat(reply.body()).isEqualTo("sized body\n");
            String token = reply.cookie(COOKIE).orElseThrow();
            assertThat(client.get("/get", cookie(token)).body()).isEqualTo("size=known");
        } finally {
            gate.open();
        }
    }

    @Test
    @DisplayName("an attribute set after the response was committed is saved when the request ends")
    void changeAfterCommitIsSavedAtTheEnd() throws Exception {
        String token = newSession("first", "1");

        HttpTestClient.Reply reply = client.get("/flush-then-set?name=second&value=2", cookie(token));

        assertThat(reply.body()).isEqualTo("flushed\n");
        assertThat(client.get("/get", cookie(token)).body()).isEqualTo("first=1\nsecond=2");
    }

    @Test
    @DisplayName("sendError saves first: the error response carries the cookie and the next request sees the change")
    void sendErrorSavesFirst() throws Exception {
        HttpTestClient.Reply reply = client.get("/error?name=seen&value=yes");

        assertThat(reply.status()).isEqualTo(404);
        String token = reply.cookie(COOKIE).orElseThrow(() -> new AssertionError("no cookie in " + reply.setCookies()));
        assertThat(client.get("/get", cookie(token)).body()).isEqualTo("seen=yes");
    }

    @Test
    @DisplayName("a request that fails after changing the session still saves the change")
    void failingRequestStillSaves() throws Exception {
        String token = newSession("before", "1");

        HttpTestClient.Reply reply = client.get("/boom?name=during&value=2", cookie(token));

        assertThat(reply.status()).isEqualTo(500);
        assertThat(client.get("/get", cookie(token)).body()).isEqualTo("before=1\nduring=2");
    }

    @Test
    @DisplayName("an asynchronous request that writes no body still gets its cookie: complete() saves first")
    void asyncRequestSavesBeforeCompleting() throws Exception {
        HttpTestClient.Reply reply = client.get("/async?name=async&value=yes");

        assertThat(reply.status()).isEqualTo(202);
        assertThat(reply.body()).isEmpty();
        String token = reply.cookie(COOKIE).orElseThrow(() -> new AssertionError("no cookie in " + reply.setCookies()));
        assertThat(client.get("/get", cookie(token)).body()).isEqualTo("async=yes");
    }

    @Test
    @DisplayName("a response reset after the cookie was written still carries the cookie")
    void resetResponseStillCarriesTheCookie() throws Exception {
        HttpTestClient.Reply reply = client.get("/reset?name=survives&value=reset");

        assertThat(reply.body()).isEqualTo("after reset");
        assertThat(reply.setCookies()).singleElement().asString().matches(PLAIN_HTTP_SET_COOKIE);
        assertThat(client.get("/get", cookie(reply.cookie(COOKIE).orElseThrow())).body()).isEqualTo("survives=reset");
    }

    @Test
    @DisplayName("creating a session after the response was committed is refused: its cookie could not be sent")
    void creatingAfterCommitIsRefused() throws Exception {
        long writes = store.recordWrites();

        HttpTestClient.Reply reply = client.get("/create-after-commit");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).startsWith("committed\nrefused: cannot create a session after the response was committed");
        assertThat(reply.setCookies()).isEmpty();
        assertThat(store.recordWrites()).isEqualTo(writes);
    }

    // ---- store unavailable ----------------------------------------------------------------------

    @Test
    @DisplayName("an unreachable store gives 503 with Retry-After, and sessions work again once it is back")
    void unavailableStoreGives503AndRecovers() throws Exception {
        String token = newSession("kept", "yes");

        store.setAvailable(false);
        try {
            HttpTestClient.Reply existing = client.get("/get", cookie(token));
            HttpTestClient.Reply creating = client.get("/add?name=new&value=1");

            for (HttpTestClient.Reply reply : List.of(existing, creating)) {
                assertThat(reply.status()).isEqualTo(503);
                assertThat(reply.header("Retry-After")).hasValue("1");
                assertThat(reply.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
                assertThat(reply.body()).isEqualTo("Session store unavailable; please retry shortly.\n");
                assertThat(reply.setCookies()).isEmpty();
            }
        } finally {
            store.setAvailable(true);
        }

        HttpTestClient.Reply recovered = client.get("/get", cookie(token));
        assertThat(recovered.status()).isEqualTo(200);
        assertThat(recovered.body()).isEqualTo("kept=yes");
    }

    // ---- API clients ----------------------------------------------------------------------------

    @Test
    @DisplayName("an API client carries its token in a header and gets new tokens in the same header")
    void headerResolverServesApiClients() throws Exception {
        try (ServletContainer.Running api = container().start(
                newApp(builder -> builder.tokenResolver(SessionTokenResolver.header("X-Session-Token"))))) {
            HttpTestClient apiClient = new HttpTestClient(api.baseUri());

            HttpTestClient.Reply created = apiClient.get("/add?name=api&value=1");
            String token = created.header("X-Session-Token").orElseThrow();
            assertThat(token).matches(TOKEN);
            assertThat(created.setCookies()).isEmpty();
            assertThat(created.header("Cache-Control")).hasValue("no-store");
            assertThat(created.headers().allValues("Vary")).anySatisfy(vary -> assertThat(vary).contains("X-Session-Token"));
            assertThat(apiClient.get("/get", "X-Session-Token", token).body()).isEqualTo("api=1");
            assertThat(apiClient.get("/get", "X-Session-Token", token).header("X-Session-Token")).isEmpty();
            assertThat(apiClient.get("/get", "Cookie", COOKIE + "=" + token).body()).isEqualTo("no session");

            String signedIn = apiClient.get("/login?user=frank", "X-Session-Token", token).header("X-Session-Token").orElseThrow();
            assertThat(signedIn).matches(TOKEN).isNotEqualTo(token);
            assertThat(apiClient.get("/get", "X-Session-Token", token).body()).isEqualTo("no session");

            HttpTestClient.Reply logout = apiClient.get("/logout", "X-Session-Token", signedIn);
            assertThat(logout.header("X-Session-Token")).hasValue("");
            assertThat(apiClient.get("/whoami", "X-Session-Token", signedIn).body()).isEqualTo("anonymous");
        }
    }

    // ---- the servlet API ------------------------------------------------------------------------

    @Test
    @DisplayName("T5: HttpSession.getId() and getRequestedSessionId() return a handle, never the token")
    void sessionIdIsNotTheToken() throws Exception {
        String token = newSession("who", "me");

        String body = client.get("/id", cookie(token)).body();

        assertThat(body).doesNotContain(token);
        String id = body.substring("id=".length(), body.indexOf(' '));
        assertThat(id).hasSize(22).isNotEqualTo(token);
        assertThat(body).isEqualTo("id=" + id + " requested=" + id + " valid=true fromCookie=true fromURL=false encoded=/next");

        HttpTestClient.Reply rotated = client.get("/rotate", cookie(token));
        String newToken = rotated.cookie(COOKIE).orElseThrow();
        String newId = rotated.body().substring("id=".length());
        assertThat(newId).isNotEqualTo(id).doesNotContain(newToken);
        assertThat(client.get("/get", cookie(token)).body()).isEqualTo("no session");
        assertThat(client.get("/get", cookie(newToken)).body()).isEqualTo("who=me");
        assertThat(client.get("/id", cookie(newToken)).body()).startsWith("id=" + newId + " ");
    }

    @Test
    @DisplayName("servlet listeners hear creation, attribute changes, id changes and destruction")
    void listenersHearTheLifecycle() throws Exception {
        appEvents.clear();
        String token = newSession("a", "1");
        String firstId = idOf(token);
        client.get("/add?name=a&value=2", cookie(token));
        client.get("/remove?name=a", cookie(token));
        client.get("/add?name=b&value=3", cookie(token));
        HttpTestClient.Reply rotated = client.get("/rotate", cookie(token));
        String rotatedToken = rotated.cookie(COOKIE).orElseThrow();
        String rotatedId = rotated.body().substring("id=".length());
        HttpTestClient.Reply login = client.get("/login?user=grace", cookie(rotatedToken));
        String loginToken = login.cookie(COOKIE).orElseThrow();
        String loginId = idOf(loginToken);
        client.get("/logout", cookie(loginToken));

        assertThat(client.get("/events").body().lines().toList()).containsExactly(
                "created " + firstId,
                "added a",
                "replaced a",
                "removed a",
                "added b",
                "idChanged " + firstId + " -> " + rotatedId,
                "idChanged " + rotatedId + " -> " + loginId,
                "destroyed " + loginId + " holding [b]",
                "removed b");
    }

    @Test
    @DisplayName("values that implement HttpSessionBindingListener hear when they are bound and unbound")
    void bindingListenersAreNotified() throws Exception {
        appEvents.clear();
        HttpTestClient.Reply bound = client.get("/bind?name=tracker&label=L1");
        String token = bound.cookie(COOKIE).orElseThrow();
        assertThat(client.get("/get", cookie(token)).body()).isEqualTo("tracker=binding:L1");

        client.get("/bind?name=tracker&label=L2", cookie(token));
        client.get("/remove?name=tracker", cookie(token));

        assertThat(appEvents.stream().filter(e -> e.startsWith("bound") || e.startsWith("unbound")).toList())
                .containsExactly("bound tracker L1", "bound tracker L2", "unbound tracker L1", "unbound tracker L2");
    }

    @Test
    @DisplayName("setMaxInactiveInterval: zero or less means as long as the absolute lifetime allows")
    void maxInactiveIntervalFollowsThePolicy() throws Exception {
        long lifetime = manager.policy().absoluteLifetime().getSeconds();

        assertThat(client.get("/max?seconds=600").body()).isEqualTo("max=600");
        assertThat(client.get("/max?seconds=0").body()).isEqualTo("max=" + lifetime);
        assertThat(client.get("/max?seconds=-1").body()).isEqualTo("max=" + lifetime);
        assertThat(client.get("/max?seconds=" + (lifetime + 1000)).body()).isEqualTo("max=" + lifetime);

        HttpTestClient.Reply set = client.get("/max?seconds=120");
        String token = set.cookie(COOKIE).orElseThrow();
        assertThat(client.get("/max?seconds=120", cookie(token)).body()).isEqualTo("max=120");
    }

    private String idOf(String token) throws Exception {
        return idOf(client, token);
    }

    private static String idOf(HttpTestClient on, String token) throws Exception {
        String body = on.get("/id", cookie(token)).body();
        return body.substring("id=".length(), body.indexOf(' '));
    }
}

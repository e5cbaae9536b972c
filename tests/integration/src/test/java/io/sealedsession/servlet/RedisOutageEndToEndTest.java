package io.sealedsession.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedsession.core.SessionManager;
import io.sealedsession.crypto.SessionKeyring;
import io.sealedsession.redis.RedisSessionStore;
import io.sealedsession.redis.RedisSessionStores;
import io.sealedsession.redis.RedisStoreConfig;
import io.sealedsession.tests.redis.RedisMatrix;
import io.sealedsession.tests.redis.RedisServer;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Redis going away under a running application, seen by an HTTP client: 503 with Retry-After
 * while it is gone, never a 500 or an empty session, and the same application working again when
 * Redis is back, without a restart; in every container ({@link ServletContainer#all()}) on every
 * Redis client on the class path ({@link RedisMatrix#clients()}).
 */
@DisplayName("Redis outage seen through the servlet filter")
@ParameterizedClass(name = "{0} · {1}")
@MethodSource("io.sealedsession.servlet.ServletMatrix#containersAndClients")
class RedisOutageEndToEndTest {

    private static final String COOKIE = "SID";

    private RedisServer redis;
    private RedisSessionStore store;
    private ServletContainer.Running running;
    private HttpTestClient client;

    @Parameter(0)
    ServletContainer container;

    @Parameter(1)
    String redisClient;

    @BeforeEach
    void start() throws Exception {
        redis = RedisServer.startDefault();
        store = RedisSessionStores.open(RedisStoreConfig.custom()
                .uri(redis.uri())
                .client(redisClient)
                .commandTimeout(Duration.ofMillis(800))
                .connectTimeout(Duration.ofMillis(800))
                .build());
        SessionManager manager = SessionManager.builder(store, SessionKeyring.generate().sealer()).build();
        TestApp app = new TestApp(SealedSessionFilter.builder(manager),
                builder -> builder.cookieSettings(CookieSettings.custom().name(COOKIE).insecurePlainHttpCookies().build()),
                new CopyOnWriteArrayList<>());
        running = container.start(app);
        client = new HttpTestClient(running.baseUri());
    }

    @AfterEach
    void stop() throws Exception {
        running.close();
        store.close();
        redis.close();
    }

    private String[] cookie(String token) {
        return new String[] {"Cookie", COOKIE + "=" + token};
    }

    @Test
    @DisplayName("invariant 11: Redis frozen gives 503 with Retry-After; when it resumes, the session is there again")
    void pausedRedis() throws Exception {
        HttpTestClient.Reply created = client.get("/add?name=cart&value=book");
        String token = created.cookie(COOKIE).orElseThrow();

        redis.pause();
        try {
            HttpTestClient.Reply during = client.get("/get", cookie(token));
            assertThat(during.status()).isEqualTo(503);
            assertThat(during.header("Retry-After")).contains("1");
            assertThat(during.body()).doesNotContain("Exception", token);
        } finally {
            redis.resume();
        }

        HttpTestClient.Reply after = awaitStatus(200, "/get", cookie(token));
        assertThat(after.body()).isEqualTo("cart=book");
    }

    @Test
    @DisplayName("invariant 11: Redis killed gives 503; restarted empty, the old cookie opens nothing and new sessions work")
    void killedAndRestartedRedis() throws Exception {
        String token = client.get("/add?name=cart&value=book").cookie(COOKIE).orElseThrow();

        redis.kill();
        HttpTestClient.Reply during = client.get("/add?name=more&value=x", cookie(token));
        assertThat(during.status()).isEqualTo(503);
        assertThat(during.header("Retry-After")).isPresent();

        redis.start(); // same port, nothing kept: this server has no persistence
        HttpTestClient.Reply after = awaitStatus(200, "/get", cookie(token));
        assertThat(after.body()).isEqualTo("no session");
        HttpTestClient.Reply fresh = client.get("/add?name=cart&value=pen", cookie(token));
        String newToken = fresh.cookie(COOKIE).orElseThrow();
        assertThat(newToken).isNotEqualTo(token);
        assertThat(client.get("/get", cookie(newToken)).body()).isEqualTo("cart=pen");
    }

    /** Redis is back; a client may still see one 503 while its connection is re-established. */
    private HttpTestClient.Reply awaitStatus(int status, String path, String... headers) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        HttpTestClient.Reply reply;
        do {
            reply = client.get(path, headers);
            if (reply.status() == status) {
                return reply;
            }
            assertThat(reply.status()).as("only 503 while reconnecting, body: " + reply.body()).isEqualTo(503);
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("still " + reply.status() + " 15 s after Redis came back");
    }
}

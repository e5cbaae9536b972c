package io.sealedsession.tests.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedsession.core.SessionEvent;
import io.sealedsession.core.port.SessionSealer;
import io.sealedsession.core.throttle.CountingSignInThrottle.Kind;
import io.sealedsession.core.throttle.ThrottlePolicy;
import io.sealedsession.core.throttle.ThrottleVerdict;
import io.sealedsession.crypto.SessionKeyring;
import io.sealedsession.redis.RedisCommandExecutor;
import io.sealedsession.redis.RedisSessionStores;
import io.sealedsession.redis.RedisSignInThrottle;
import io.sealedsession.redis.RedisStoreConfig;
import io.sealedsession.tests.kit.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

/**
 * H3 on Redis: the sign-in throttle's counts in a real {@code redis-server}, written by an ACL user
 * that has only the session store's commands on {@code ~ss:*}, and shared by two throttles as two
 * application instances would share them.
 */
@OnEveryClient
class RedisSignInThrottleTest {

    /** The provider name, such as {@code "lettuce"}. */
    @Parameter
    String client;

    private static final String PASSWORD = "acl-" + TestData.base64url(12);

    private static RedisServer server;

    private final ManualClock clock = ManualClock.startingNow();
    private final List<SessionEvent> events = new CopyOnWriteArrayList<>();
    private final SessionSealer sealer = SessionKeyring.generate().sealer();
    private final List<RedisCommandExecutor> executors = new ArrayList<>();

    @BeforeAll
    static void startRedis() {
        TestData.quietLogs();
        server = TestData.leastPrivilegeServer(PASSWORD);
    }

    @AfterAll
    static void stopRedis() {
        server.close();
    }

    @BeforeEach
    void emptyRedis() {
        try (RespConnection resp = RespConnection.to(server)) {
            resp.call("FLUSHALL");
        }
    }

    @AfterEach
    void closeExecutors() {
        executors.forEach(RedisCommandExecutor::close);
    }

    /** One application instance's throttle: its own connection, as the least-privilege user. */
    private RedisSignInThrottle instance() {
        RedisCommandExecutor executor = RedisSessionStores.openExecutor(RedisStoreConfig.custom()
                .uri("redis://127.0.0.1:" + server.port())
                .client(client)
                .credentials("app", PASSWORD.toCharArray())
                .build());
        executors.add(executor);
        return RedisSignInThrottle.builder(executor, sealer).clock(clock).eventListener(events::add).build();
    }

    @Test
    @DisplayName("H3: two instances sharing one Redis hold one limit: 3 failures on one and 2 on the other lock the account on both")
    void twoInstancesShareTheLimit() {
        RedisSignInThrottle first = instance();
        RedisSignInThrottle second = instance();
        for (int i = 0; i < 3; i++) {
            assertThat(first.check("alice", "10.0.0." + i).allowed()).isTrue();
            first.failed("alice", "10.0.0." + i);
        }
        assertThat(second.check("alice", "10.0.1.1").allowed()).isTrue();
        second.failed("alice", "10.0.1.1");
        ThrottleVerdict fifth = second.failed("alice", "10.0.1.2");

        assertThat(fifth.retryAfter()).isEqualTo(Duration.ofMinutes(15));
        assertThat(first.check("alice", "10.0.2.1").retryAfterSeconds()).isEqualTo(900);
        assertThat(second.check("alice", "10.0.2.1").retryAfterSeconds()).isEqualTo(900);
        assertThat(first.check("bob", "10.0.2.1").allowed()).as("other accounts are unaffected").isTrue();
        assertThat(events).extracting(SessionEvent::type).filteredOn(SessionEvent.Type.SIGN_IN_FAILED::equals).hasSize(5);
    }

    @Test
    @DisplayName("H3: lockouts double and are measured on the application's clock")
    void lockoutsDoubleOnTheApplicationsClock() {
        RedisSignInThrottle throttle = instance();
        for (int i = 0; i < 5; i++) {
            throttle.failed("alice", "10.0.0." + i);
        }
        clock.advance(Duration.ofMinutes(15));
        assertThat(throttle.check("alice", "10.0.9.9").allowed()).isTrue();

        assertThat(throttle.failed("alice", "10.0.9.9").retryAfter()).isEqualTo(Duration.ofMinutes(30));
        assertThat(throttle.check("alice", "10.0.9.8").retryAfterSeconds()).isEqualTo(1_800);
    }

    @Test
    @DisplayName("H3: five failures from one address lock that address for any account; a success clears only the account")
    void addressLimitAndSuccess() {
        RedisSignInThrottle throttle = instance();
        for (int i = 0; i < 4; i++) {
            throttle.failed("user" + i, "10.6.6.6");
        }
        throttle.failed("alice", "10.0.0.1");
        throttle.succeeded("alice", "10.0.0.1");
        try (RespConnection resp = RespConnection.to(server)) {
            assertThat(resp.call("EXISTS", new String(throttle.keyOf(Kind.ACCOUNT, "alice"), StandardCharsets.US_ASCII)))
                    .isEqualTo(0L);
        }

        throttle.failed("user4", "10.6.6.6");

        assertThat(throttle.check("anyone", "10.6.6.6").allowed()).isFalse();
        assertThat(throttle.check("anyone", "10.6.6.7").allowed()).isTrue();
    }

    @Test
    @DisplayName("H3, D1: Redis holds neither account names nor addresses in clear, and every count expires")
    void nothingReadableAndEverythingExpires() {
        RedisSignInThrottle throttle = instance();
        throttle.failed("alice@example.org", "192.0.2.44");

        try (RespConnection resp = RespConnection.to(server)) {
            List<String> keys = resp.scan("*");
            assertThat(keys).hasSize(2).allMatch(key -> key.matches("ss:t:\\{[A-Za-z0-9_-]+\\}"));
            for (String key : keys) {
                String value = new String((byte[]) resp.call("GET", key), StandardCharsets.US_ASCII);
                assertThat(key + value).doesNotContain("alice").doesNotContain("192.0.2.44").doesNotContain("example");
                assertThat(value).isEqualTo("1:0");
                assertThat(resp.callLong("PTTL", key)).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(15).toMillis());
            }
        }
    }

    @Test
    @DisplayName("H3: twenty failures at the same moment on two instances are all counted")
    void concurrentFailuresAreAllCounted() throws Exception {
        List<RedisSignInThrottle> throttles = List.of(instance(), instance());
        int parallel = 20;
        CyclicBarrier barrier = new CyclicBarrier(parallel);
        ExecutorService threads = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<ThrottleVerdict>> done = new ArrayList<>();
            for (int i = 0; i < parallel; i++) {
                RedisSignInThrottle throttle = throttles.get(i % 2);
                String address = "10.1.0." + i;
                done.add(threads.submit(() -> {
                    barrier.await(20, TimeUnit.SECONDS);
                    return throttle.failed("carol", address);
                }));
            }
            for (Future<ThrottleVerdict> future : done) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }

        try (RespConnection resp = RespConnection.to(server)) {
            byte[] value = (byte[]) resp.call("GET",
                    new String(throttles.get(0).keyOf(Kind.ACCOUNT, "carol"), StandardCharsets.US_ASCII));
            assertThat(new String(value, StandardCharsets.US_ASCII)).startsWith("20:");
        }
        assertThat(throttles.get(1).check("carol", "10.2.0.1").retryAfter())
                .isEqualTo(ThrottlePolicy.ofDefaults().lockoutAfter(20));
    }
}

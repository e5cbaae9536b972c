package io.sealedsession.tests.redis.redisson;

import static io.sealedsession.tests.redis.TestData.sealed;
import static io.sealedsession.tests.redis.TestData.sessionKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedsession.core.SessionKey;
import io.sealedsession.core.SessionStoreUnavailableException;
import io.sealedsession.core.port.IndexEntry;
import io.sealedsession.core.port.PrincipalKey;
import io.sealedsession.core.port.ReplaceResult;
import io.sealedsession.core.port.StoredRecord;
import io.sealedsession.redis.RedisSessionStore;
import io.sealedsession.redisson.RedissonCommandExecutor;
import io.sealedsession.tests.redis.RedisServer;
import io.sealedsession.tests.redis.RedisStats;
import io.sealedsession.tests.redis.RespConnection;
import io.sealedsession.tests.redis.TestData;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import org.redisson.config.ConstantDelay;
import org.redisson.config.Protocol;

/** Stores built on the application's own Redisson client, whose lifecycle and settings stay the application's. */
class RedissonApplicationClientTest {

    private static final Duration IDLE = Duration.ofMinutes(30);

    private static RedisServer server;
    private static RespConnection raw;

    private RedissonClient client;

    @BeforeAll
    static void startRedis() {
        TestData.quietLogs();
        server = RedisServer.startDefault();
        raw = RespConnection.to(server);
    }

    @AfterAll
    static void stopRedis() {
        raw.close();
        server.close();
    }

    @BeforeEach
    void applicationClient() {
        // An application's client as Redisson's defaults make it (its own codec, 4 retry
        // attempts), with a short timeout and quick retries so that a resend would show.
        Config config = new Config().setThreads(2).setNettyThreads(2);
        config.useSingleServer()
                .setAddress(server.uri())
                .setConnectionMinimumIdleSize(1)
                .setSubscriptionConnectionMinimumIdleSize(0)
                .setTimeout(300)
                .setRetryAttempts(4)
                .setRetryDelay(new ConstantDelay(Duration.ofMillis(10)));
        client = Redisson.create(config);
    }

    @AfterEach
    void shutDownApplicationClient() {
        client.shutdown(0, 2, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Test
    @DisplayName("on the application's client: records are raw bytes, and closing the store leaves the client running")
    void applicationClientStaysTheApplications() {
        RedisSessionStore store = RedisSessionStore.builder(RedissonCommandExecutor.using(client)).namespace("app").build();
        SessionKey key = sessionKey();
        byte[] record = sealed(64);
        assertThat(store.create(key, record, IDLE)).isTrue();
        assertThat(store.toString()).contains("the application's Redisson client");

        store.close();

        // Redis holds the store's frame (8-byte version, then the record) under the plain key:
        // neither the client's codec nor any prefix of Redisson's touched it.
        byte[] stored = (byte[]) raw.call("GET", TestData.recordKey("app", key));
        assertThat(stored).hasSize(8 + record.length);
        assertThat(java.util.Arrays.copyOfRange(stored, 8, stored.length)).isEqualTo(record);
        assertThat(client.isShutdown()).isFalse();
        client.getBucket("app-owned", StringCodec.INSTANCE).set("still works");
        assertThat(new String((byte[]) raw.call("GET", "app-owned"), StandardCharsets.UTF_8)).isEqualTo("still works");
        assertThatThrownBy(() -> store.load(key, IDLE))
                .isInstanceOf(SessionStoreUnavailableException.class)
                .hasMessageContaining("closed");
    }

    @Test
    @DisplayName("on the application's client, which resends after a timeout, the store's commands are never resent")
    void clientRetriesDoNotApply() throws InterruptedException {
        try (RedisSessionStore store = RedisSessionStore.builder(RedissonCommandExecutor.using(client)).build();
                RespConnection admin = RespConnection.to(server)) {
            SessionKey key = sessionKey();
            store.load(sessionKey(), null); // a connection is open and used
            Map<String, Long> before = RedisStats.commandCalls(raw);

            // Every client's commands wait 1.5 s: the client's 300 ms timeout and 10 ms retry
            // delay would send the SET up to 4 more times meanwhile.
            admin.call("CLIENT", "PAUSE", "1500", "ALL");
            assertThatThrownBy(() -> store.create(key, sealed(10), IDLE))
                    .isInstanceOf(SessionStoreUnavailableException.class)
                    .hasMessageContaining("did not answer SET in time");
            Thread.sleep(1800);

            Map<String, Long> after = RedisStats.commandCalls(raw);
            assertThat(after.getOrDefault("set", 0L) - before.getOrDefault("set", 0L)).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("on an application's RESP3 client, script and sorted-set replies read as on RESP2")
    void resp3Client() {
        Config config = new Config().setThreads(2).setNettyThreads(2).setProtocol(Protocol.RESP3);
        config.useSingleServer().setAddress(server.uri()).setConnectionMinimumIdleSize(1)
                .setSubscriptionConnectionMinimumIdleSize(0);
        RedissonClient resp3 = Redisson.create(config);
        try (RedisSessionStore store = RedisSessionStore.builder(RedissonCommandExecutor.using(resp3)).namespace("r3").build()) {
            SessionKey key = sessionKey();
            byte[] second = sealed(20);
            Instant now = Instant.now();
            PrincipalKey principal = TestData.principalKey();
            assertThat(store.create(key, sealed(20), IDLE)).isTrue();
            assertThat(store.replace(key, 1, second, IDLE)).isEqualTo(ReplaceResult.replaced(2));
            // A conflict answers the current record: a bulk reply through EVALSHA.
            assertThat(store.replace(key, 1, sealed(20), IDLE)).isEqualTo(ReplaceResult.conflict(new StoredRecord(2, second)));
            store.index(principal, key, now.plusSeconds(60), now);
            assertThat(store.indexed(principal, now)).containsExactly(
                    new IndexEntry(key, now.plusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.MILLIS)));
            assertThat(RedisStats.commandCalls(raw)).containsKey("hello"); // it did speak RESP3
        } finally {
            resp3.shutdown(0, 2, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    @DisplayName("the application shuts its client down: the store reports Redis unavailable")
    void applicationShutsDownItsClient() {
        RedisSessionStore store = RedisSessionStore.builder(RedissonCommandExecutor.using(client)).build();

        client.shutdown(0, 2, java.util.concurrent.TimeUnit.SECONDS);

        assertThatThrownBy(() -> store.load(sessionKey(), IDLE))
                .isInstanceOf(SessionStoreUnavailableException.class)
                .hasMessageContaining("shut down");
        store.close();
    }
}

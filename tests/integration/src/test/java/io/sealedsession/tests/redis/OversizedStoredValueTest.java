package io.sealedsession.tests.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedsession.core.SaveResult;
import io.sealedsession.core.Session;
import io.sealedsession.core.SessionEvent;
import io.sealedsession.core.SessionManager;
import io.sealedsession.crypto.SessionKeyring;
import io.sealedsession.redis.RedisSessionStore;
import io.sealedsession.redis.RedisSessionStores;
import io.sealedsession.redis.RedisStoreConfig;
import io.sealedsession.redis.ScriptingMode;
import io.sealedsession.tests.kit.RecordingEventListener;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * H-class hostile store content: someone with write access to Redis plants a 4 MiB value under a live
 * session's key. On every client, as a least-privilege ACL user, the application refuses it before it is
 * transferred (Redis's own count of bytes sent stays far below the value's size), leaves its expiry as it
 * was, reports it as tampering and treats the session as gone; a save meets it without fetching it either.
 * Without scripting the value is transferred, then refused the same way (the mode's documented limit).
 */
class OversizedStoredValueTest {

    private static final String PASSWORD = "acl-" + TestData.base64url(12);
    private static final int PLANTED_BYTES = 4 * 1024 * 1024;
    private static final long PLANTED_TTL_MILLIS = 600_000;

    static List<String> clients() {
        return RedisMatrix.clients();
    }

    private static RedisServer server;

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

    private static RedisSessionStore open(String client, ScriptingMode mode) {
        return RedisSessionStores.open(RedisStoreConfig.custom()
                .uri("redis://127.0.0.1:" + server.port())
                .credentials("app", PASSWORD.toCharArray())
                .client(client).scripting(mode).build());
    }

    /** Writes a value with a plausible version prefix (7) and 4 MiB after it under the session's record key. */
    private static String plant(RespConnection admin, Session session) {
        String key = TestData.recordKey("ss", session.token().key());
        byte[] value = new byte[PLANTED_BYTES];
        ByteBuffer.wrap(value).putLong(7);
        admin.call("SET", key.getBytes(java.nio.charset.StandardCharsets.UTF_8), value, "PX", PLANTED_TTL_MILLIS);
        return key;
    }

    private static long bytesSent(RespConnection admin) {
        return Long.parseLong(admin.info("stats").get("total_net_output_bytes"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clients")
    void aPlantedOversizedValueIsRefusedBeforeItIsTransferred(String client) {
        RecordingEventListener events = new RecordingEventListener();
        try (RedisSessionStore store = open(client, ScriptingMode.SCRIPTS);
                RespConnection admin = RespConnection.to(server)) {
            SessionManager sessions = SessionManager.builder(store, SessionKeyring.generate().sealer())
                    .eventListener(events).build();
            Session session = sessions.create();
            session.setAttribute("cart", "book-42");
            sessions.save(session);
            String cookie = session.token().revealValue();
            Session loaded = sessions.find(cookie).orElseThrow();
            String key = plant(admin, session);

            long before = bytesSent(admin);
            assertThat(sessions.find(cookie)).as("the planted value names no session").isEmpty();
            loaded.setAttribute("cart", "book-7");
            assertThat(sessions.save(loaded)).as("a save meets the value and treats the session as gone")
                    .isEqualTo(SaveResult.GONE);
            long sent = bytesSent(admin) - before;

            assertThat(sent).as("bytes Redis sent to every client meanwhile").isLessThan(PLANTED_BYTES / 16);
            assertThat(admin.callLong("STRLEN", key)).as("the value is left as it was").isEqualTo(PLANTED_BYTES);
            assertThat(admin.callLong("PTTL", key)).as("its expiry untouched by the read")
                    .isPositive().isLessThanOrEqualTo(PLANTED_TTL_MILLIS);
            assertThat(events.events()).filteredOn(e -> e.type() == SessionEvent.Type.TAMPERED)
                    .extracting(SessionEvent::detail)
                    .anySatisfy(detail -> assertThat(detail).contains("not transferred"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clients")
    void withoutScriptingTheValueIsTransferredThenRefused(String client) {
        RecordingEventListener events = new RecordingEventListener();
        try (RedisSessionStore store = open(client, ScriptingMode.NONE);
                RespConnection admin = RespConnection.to(server)) {
            SessionManager sessions = SessionManager.builder(store, SessionKeyring.generate().sealer())
                    .eventListener(events).build();
            Session session = sessions.create();
            sessions.save(session);
            String cookie = session.token().revealValue();
            plant(admin, session);

            assertThat(sessions.find(cookie)).isEmpty();
            assertThat(events.events()).filteredOn(e -> e.type() == SessionEvent.Type.TAMPERED)
                    .extracting(SessionEvent::detail)
                    .anySatisfy(detail -> assertThat(detail).contains("exceeds the size limit"));
        }
    }
}

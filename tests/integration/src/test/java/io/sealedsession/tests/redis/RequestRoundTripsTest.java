package io.sealedsession.tests.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedsession.core.SaveResult;
import io.sealedsession.core.Session;
import io.sealedsession.core.SessionManager;
import io.sealedsession.crypto.SessionKeyring;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a web request costs in Redis round trips, counted by the server itself, on every client:
 * the figures the README gives beside Spring Session's four per request.
 */
class RequestRoundTripsTest {

    static java.util.List<String> clients() {
        return RedisMatrix.clients();
    }

    private static SessionManager manager(RedisStoreUnderTest underTest) {
        return SessionManager.builder(underTest.store(), SessionKeyring.generate().sealer())
                .namespace(RedisSetup.NAMESPACE)
                .build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clients")
    @DisplayName("a request that reads its session and changes nothing costs one command: GETEX")
    void readOnlyRequest(String client) {
        try (RedisStoreUnderTest underTest = RedisStoreUnderTest.open(RedisSetup.PLAIN, client)) {
            SessionManager manager = manager(underTest);
            Session session = manager.create();
            session.setAttribute("cart", "book");
            manager.save(session);
            String token = session.token().revealValue();

            Map<String, Long> commands = CommandStats.during(underTest.admin(), () -> {
                Session found = manager.find(token).orElseThrow();
                assertThat(found.getAttribute("cart")).isEqualTo("book");
                assertThat(manager.save(found)).isEqualTo(SaveResult.UNCHANGED);
            });

            assertThat(commands).isEqualTo(Map.of("getex", 1L));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clients")
    @DisplayName("a request that changes its session costs two round trips: GETEX and one EVALSHA")
    void changingRequest(String client) {
        try (RedisStoreUnderTest underTest = RedisStoreUnderTest.open(RedisSetup.PLAIN, client)) {
            SessionManager manager = manager(underTest);
            Session session = manager.create();
            manager.save(session);
            Session warmUp = manager.find(session.token().revealValue()).orElseThrow();
            warmUp.setAttribute("warm", true);
            manager.save(warmUp); // the first replace of a store loads its script once
            String token = session.token().revealValue();

            Map<String, Long> commands = CommandStats.during(underTest.admin(), () -> {
                Session found = manager.find(token).orElseThrow();
                found.setAttribute("cart", "book");
                assertThat(manager.save(found)).isEqualTo(SaveResult.SAVED);
            });

            // GET and SET run inside the compare-and-set script: not round trips.
            assertThat(commands).isEqualTo(Map.of("getex", 1L, "evalsha", 1L, "get", 1L, "set", 1L));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clients")
    @DisplayName("a new session costs one command: SET NX")
    void newSession(String client) {
        try (RedisStoreUnderTest underTest = RedisStoreUnderTest.open(RedisSetup.PLAIN, client)) {
            SessionManager manager = manager(underTest);

            Map<String, Long> commands = CommandStats.during(underTest.admin(), () -> manager.save(manager.create()));

            assertThat(commands).isEqualTo(Map.of("set", 1L));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clients")
    @DisplayName("with the opt-in session lock, a changing request costs four round trips: SET NX PX, GETEX, the fenced EVALSHA, the release EVALSHA")
    void lockedChangingRequest(String client) {
        try (RedisStoreUnderTest underTest = RedisStoreUnderTest.open(RedisSetup.PLAIN, client)) {
            SessionManager manager = manager(underTest);
            Session session = manager.create();
            manager.save(session);
            String token = session.token().revealValue();
            Session warmUp = manager.findLocked(token, java.time.Duration.ofSeconds(10), java.time.Duration.ZERO).orElseThrow();
            warmUp.setAttribute("warm", true);
            manager.save(warmUp); // loads the fenced and release scripts once
            manager.unlock(warmUp);

            Map<String, Long> commands = CommandStats.during(underTest.admin(), () -> {
                Session found = manager.findLocked(token, java.time.Duration.ofSeconds(10), java.time.Duration.ZERO).orElseThrow();
                found.setAttribute("cart", "book");
                assertThat(manager.save(found)).isEqualTo(SaveResult.SAVED);
                manager.unlock(found);
            });

            // Round trips: set (the lock), getex, evalsha twice; get, set and unlink run inside the scripts.
            assertThat(commands).containsEntry("getex", 1L).containsEntry("evalsha", 2L).containsEntry("unlink", 1L)
                    .containsEntry("set", 2L).containsEntry("get", 3L).hasSize(5);
        }
    }
}

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
    @DisplayName("a request that reads its session and changes nothing costs one round trip: the bounded read's EVALSHA")
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

            // STRLEN and GETEX run inside the read script: not round trips.
            assertThat(commands).isEqualTo(Map.of("evalsha", 1L, "strlen", 1L, "getex", 1L));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clients")
    @DisplayName("a request that changes its session costs two round trips: the read's EVALSHA and the compare-and-set's")
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

            // STRLEN, GETEX, GET and SET run inside the two scripts: not round trips.
            assertThat(commands).isEqualTo(Map.of("evalsha", 2L, "strlen", 1L, "getex", 1L, "get", 1L, "set", 1L));
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
    @DisplayName("with the opt-in session lock, a changing request costs four round trips: SET NX PX, the read, the fenced EVALSHA, the release EVALSHA")
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

            // Round trips: set (the lock), evalsha three times (read, fenced write, release); strlen, getex, get,
            // set and unlink run inside the scripts.
            assertThat(commands).containsEntry("strlen", 1L).containsEntry("getex", 1L).containsEntry("evalsha", 3L)
                    .containsEntry("unlink", 1L).containsEntry("set", 2L).containsEntry("get", 3L).hasSize(6);
        }
    }
}

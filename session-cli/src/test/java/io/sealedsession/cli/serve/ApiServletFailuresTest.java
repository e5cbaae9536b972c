package io.sealedsession.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.sealedsession.cli.serve.ApiClient.Reply;
import io.sealedsession.core.SessionManager;
import io.sealedsession.core.SessionStoreUnavailableException;
import io.sealedsession.core.memory.InMemorySessionStore;
import io.sealedsession.core.throttle.SignInThrottle;
import io.sealedsession.core.throttle.ThrottleVerdict;
import io.sealedsession.crypto.SessionKeyring;
import io.sealedsession.servlet.CookieSettings;
import java.net.InetAddress;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * H1, H3: what the API answers when a part behind it fails, here the sign-in throttle: a bug is a
 * 500 with an error id found in exactly one log line, and a throttle that cannot reach its counts
 * refuses the sign-in (503) rather than letting it through unchecked.
 */
class ApiServletFailuresTest {

    /** A throttle whose every call fails as {@code failure} says. */
    private record FailingThrottle(Supplier<RuntimeException> failure) implements SignInThrottle {
        @Override
        public ThrottleVerdict check(String account, String address) {
            throw failure.get();
        }

        @Override
        public ThrottleVerdict failed(String account, String address) {
            throw failure.get();
        }

        @Override
        public void succeeded(String account, String address) {
            throw failure.get();
        }
    }

    private static ReferenceServer start(SignInThrottle throttle, UserDirectory users) throws Exception {
        InMemorySessionStore store = new InMemorySessionStore();
        SessionManager manager = SessionManager.builder(store, SessionKeyring.generate().sealer()).build();
        return ReferenceServer.start(InetAddress.getLoopbackAddress(), 0, manager, CookieSettings.ofDefaults(), users,
                throttle, store, null);
    }

    private static UserDirectory alice() {
        return UserDirectory.hashing(new java.util.LinkedHashMap<>(Map.of("alice", RunningApp.ALICE_PASSWORD.toCharArray())));
    }

    @Test
    @DisplayName("H1: an unexpected failure answers 500 with a generic body whose id matches exactly one log line")
    void unexpectedFailureIsA500WithAnId() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(ApiServlet.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        UserDirectory users = alice();
        try (ReferenceServer server = start(new FailingThrottle(() -> new IllegalStateException("internal detail 93ac")), users)) {
            ApiClient client = new ApiClient(server.uri(), "ApiServletFailuresTest");
            client.session();

            Reply reply = client.login("alice", RunningApp.ALICE_PASSWORD);

            assertThat(reply.status()).isEqualTo(500);
            assertThat(reply.header("cache-control")).isEqualTo("no-store");
            assertThat(reply.object().keySet()).containsExactlyInAnyOrder("error", "id");
            assertThat(reply.error()).isEqualTo("internal error");
            assertThat(reply.body()).doesNotContain("IllegalStateException").doesNotContain("internal detail 93ac");
            String id = reply.object().get("id").getAsString();
            assertThat(id).matches("[0-9a-f]{16}");
            assertThat(lines.list).filteredOn(line -> line.getFormattedMessage().contains(id)).singleElement()
                    .satisfies(line -> assertThat(line.getThrowableProxy().getMessage()).isEqualTo("internal detail 93ac"));
            assertThat(users.passwordChecks()).isZero();
        } finally {
            logger.detachAppender(lines);
        }
    }

    @Test
    @DisplayName("H3: a throttle that cannot reach its counts refuses the sign-in with 503, and no password is checked")
    void unreachableThrottleRefusesTheSignIn() throws Exception {
        UserDirectory users = alice();
        try (ReferenceServer server = start(new FailingThrottle(
                () -> new SessionStoreUnavailableException("test throttle switched off")), users)) {
            ApiClient client = new ApiClient(server.uri(), "ApiServletFailuresTest");
            client.session();

            Reply reply = client.login("alice", RunningApp.ALICE_PASSWORD);

            assertThat(reply.status()).isEqualTo(503);
            assertThat(reply.header("retry-after")).isEqualTo("1");
            assertThat(reply.sessionCookieHeader()).isEmpty();
            assertThat(users.passwordChecks()).isZero();
        }
    }
}

package io.sealedsession.tests.redis.expiry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedsession.core.Session;
import io.sealedsession.core.SessionInfo;
import io.sealedsession.core.SessionManager;
import io.sealedsession.core.SessionPolicy;
import io.sealedsession.crypto.SessionKeyring;
import io.sealedsession.redis.RedisCommandExecutor;
import io.sealedsession.redis.RedisExpiryWatcher;
import io.sealedsession.redis.RedisSessionStore;
import io.sealedsession.redis.RedisSessionStores;
import io.sealedsession.redis.RedisStoreConfig;
import io.sealedsession.servlet.SealedSessionFilter;
import io.sealedsession.tests.redis.RedisServer;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ServletSessionDestroyedOnExpiryTest {

    @Test
    @DisplayName("HttpSessionListener.sessionDestroyed runs once for a session Redis expired, with its handle as the id")
    void sessionDestroyedForExpiredSession() throws Exception {
        List<HttpSession> destroyed = new CopyOnWriteArrayList<>();
        HttpSessionListener listener = new HttpSessionListener() {
            @Override
            public void sessionDestroyed(HttpSessionEvent event) {
                destroyed.add(event.getSession());
            }
        };
        try (RedisServer server = RedisServer.builder().config("notify-keyspace-events Ex").start()) {
            RedisStoreConfig config = RedisStoreConfig.custom().client("lettuce").uri(server.uri()).namespace("servlet")
                    .build();
            try (RedisSessionStore store = RedisSessionStores.open(config);
                    RedisCommandExecutor executor = RedisSessionStores.openExecutor(config)) {
                SessionManager manager = SessionManager.builder(store, SessionKeyring.generate().sealer())
                        .namespace("servlet")
                        .policy(SessionPolicy.custom().idleTimeout(Duration.ofSeconds(1)).lazyTouchInterval(Duration.ZERO).build())
                        .build();
                SealedSessionFilter filter = SealedSessionFilter.builder(manager).listener(listener).build();
                try (RedisExpiryWatcher watcher = RedisExpiryWatcher.start(executor, "servlet", filter.expiryListener())) {
                    Session session = manager.create();
                    session.setAttribute("cart", "book-42");
                    manager.save(session);
                    String id = SessionInfo.handleOf(session.key());

                    Instant deadline = Instant.now().plusSeconds(20);
                    while (destroyed.isEmpty()) {
                        assertThat(Instant.now()).as("sessionDestroyed within 20 s").isBefore(deadline);
                        Thread.sleep(50);
                    }
                    Thread.sleep(500);
                    assertThat(destroyed).hasSize(1);
                    HttpSession standIn = destroyed.get(0);
                    assertThat(standIn.getId()).isEqualTo(id);
                    assertThatThrownBy(() -> standIn.getAttribute("cart")).isInstanceOf(IllegalStateException.class);
                    assertThat(manager.find(session.token().revealValue())).isEmpty();
                }
            }
        }
    }
}

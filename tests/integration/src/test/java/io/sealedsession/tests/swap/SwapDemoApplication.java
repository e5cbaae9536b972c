package io.sealedsession.tests.swap;

import io.sealedsession.core.Session;
import io.sealedsession.core.SessionManager;
import io.sealedsession.crypto.SessionKeyring;
import io.sealedsession.redis.RedisSessionStore;
import io.sealedsession.redis.RedisSessionStores;
import io.sealedsession.redis.RedisStoreProperties;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal application, run in its own JVM by {@link ClientSwapTest}: the code never names a
 * Redis client. Which one runs is decided by the class path and, optionally, the property
 * {@code sealedsession.redis.client}.
 *
 * <p>Arguments: {@code [token]}. Without a token it starts a session; with one it continues that
 * session. Either way it adds an attribute named after the client that ran and prints what the
 * session holds.
 */
public final class SwapDemoApplication {

    private SwapDemoApplication() {}

    public static void main(String[] args) {
        SessionKeyring keyring = SessionKeyring.fromInsecureCleartextEnvironment("DEMO_KEYRING");
        try (RedisSessionStore store = RedisSessionStores.open(RedisStoreProperties.fromSystemProperties())) {
            SessionManager sessions = SessionManager.builder(store, keyring.sealer()).build();
            Session session = args.length == 0 ? sessions.create() : sessions.find(args[0]).orElseThrow(
                    () -> new IllegalStateException("the session written by the previous client was not found"));
            String client = store.toString().replaceAll(".*executor=|\\[.*", "");
            session.setAttribute("seen-by-" + clientName(store), true);
            sessions.save(session);
            List<String> names = new ArrayList<>(session.attributeNames());
            System.out.println("store=" + store);
            System.out.println("token=" + session.token().revealValue());
            System.out.println("attributes=" + String.join(",", names));
            System.out.println("client-hint=" + client);
        }
    }

    private static String clientName(RedisSessionStore store) {
        String text = store.toString().toLowerCase(java.util.Locale.ROOT);
        for (String name : List.of("lettuce", "jedis", "redisson")) {
            if (text.contains(name)) {
                return name;
            }
        }
        throw new IllegalStateException("cannot tell the client from " + store);
    }
}

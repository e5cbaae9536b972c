package io.sealedsession.benchmarks.sidebyside;

import io.sealedsession.core.SaveResult;
import io.sealedsession.core.Session;
import io.sealedsession.core.SessionManager;
import io.sealedsession.core.port.SessionSealer;
import io.sealedsession.redis.RedisSessionStore;
import io.sealedsession.redis.RedisSessionStores;
import io.sealedsession.redis.RedisStoreConfig;

/**
 * Sealed Sessions on one client adapter, through the public API only:
 * {@link RedisSessionStores#open} and a {@link SessionManager} with its defaults.
 */
final class Ours implements Contender {

    private final String client;
    private final RedisSessionStore store;
    private final SessionManager manager;
    private final String[] tokens;

    Ours(String client, String uri, SessionSealer sealer, String[] tokens) {
        this.client = client;
        this.store = RedisSessionStores.open(RedisStoreConfig.custom().uri(uri).client(client).build());
        this.manager = SessionManager.builder(store, sealer).build();
        this.tokens = tokens;
    }

    @Override
    public String name() {
        return "Sealed Sessions on " + Character.toUpperCase(client.charAt(0)) + client.substring(1);
    }

    @Override
    public String client() {
        return client;
    }

    @Override
    public void read(int i) {
        Session session = manager.find(tokens[i]).orElseThrow(() -> new IllegalStateException("a benchmark session is gone"));
        check(manager.save(session));
    }

    @Override
    public void write(int i, String csrf) {
        Session session = manager.find(tokens[i]).orElseThrow(() -> new IllegalStateException("a benchmark session is gone"));
        session.setAttribute("csrf", csrf);
        check(manager.save(session));
    }

    private static void check(SaveResult result) {
        if (result == SaveResult.GONE) {
            throw new IllegalStateException("a benchmark session ended while it was saved");
        }
    }

    @Override
    public void close() {
        store.close();
    }
}

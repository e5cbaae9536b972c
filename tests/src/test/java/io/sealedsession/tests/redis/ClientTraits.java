package io.sealedsession.tests.redis;

import io.sealedsession.core.SessionStoreUnavailableException;
import java.util.Map;

/**
 * Where the Redis clients behave differently in ways the tests check, in one place: the
 * parameterized suites run on every client that {@link RedisMatrix#clients()} finds, and read a
 * client's differences from here. A client not named here has the defaults, which are what the
 * store's port promises; a client that differs adds its entry.
 *
 * @param waitsWithEveryWrite whether the client sends its WAIT together with every write, before
 *     knowing whether the write changed anything (Redisson, to keep both on one pooled
 *     connection), rather than only when the store asks for it
 * @param unusableTrustStoreException what opening a store with a trust store it cannot load
 *     (wrong password) throws: unavailable, as for any failed connection, unless the adapter loads
 *     the trust store itself before it connects and refuses the configuration
 */
public record ClientTraits(boolean waitsWithEveryWrite, Class<? extends RuntimeException> unusableTrustStoreException) {

    private static final ClientTraits DEFAULTS = new ClientTraits(false, SessionStoreUnavailableException.class);

    private static final Map<String, ClientTraits> KNOWN = Map.of(
            // The adapter builds its SSLContext before connecting: a trust store it cannot load is
            // a configuration error, not an unavailable server.
            "jedis", new ClientTraits(false, IllegalArgumentException.class),
            "redisson", new ClientTraits(true, SessionStoreUnavailableException.class));

    /** The traits of the named client. */
    public static ClientTraits of(String client) {
        return KNOWN.getOrDefault(client, DEFAULTS);
    }
}

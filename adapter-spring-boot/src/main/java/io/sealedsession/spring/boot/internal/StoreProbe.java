package io.sealedsession.spring.boot.internal;

import io.sealedsession.core.SessionKey;
import io.sealedsession.core.SessionStoreUnavailableException;
import io.sealedsession.core.SessionToken;
import io.sealedsession.core.port.SessionStore;
import java.security.SecureRandom;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The health check behind both health indicators (Boot 4's and Boot 3's): one read, without
 * touching, of a random key that names no session. The store's message, which never holds a
 * password, a token or key material, says why it is down.
 */
public final class StoreProbe {

    private final SessionStore store;
    private final SessionKey probe = SessionToken.generate(new SecureRandom()).key();

    public StoreProbe(SessionStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** The outcome of one check. */
    public record Result(boolean up, String store, @Nullable String error) {}

    public Result check() {
        String name = store.getClass().getSimpleName();
        try {
            store.load(probe, null);
            return new Result(true, name, null);
        } catch (SessionStoreUnavailableException e) {
            return new Result(false, name, String.valueOf(e.getMessage()));
        }
    }
}

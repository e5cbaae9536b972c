package io.sealedsession.spring.boot;

import io.sealedsession.core.SessionKey;
import io.sealedsession.core.SessionStoreUnavailableException;
import io.sealedsession.core.SessionToken;
import io.sealedsession.core.port.SessionStore;
import java.security.SecureRandom;
import java.util.Objects;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Reports whether the session store answers: UP when a read of a key that names no session
 * succeeds, DOWN with the store's own message (which never holds a password, a token or key
 * material) when the store cannot be reached. One read per check, never a write; the key it reads
 * is random and holds nothing. Registered as {@code sealedSessions}.
 */
public final class SealedSessionsHealthIndicator implements HealthIndicator {

    private final SessionStore store;
    private final SessionKey probe = SessionToken.generate(new SecureRandom()).key();

    public SealedSessionsHealthIndicator(SessionStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public Health health() {
        try {
            store.load(probe, null);
            return Health.up().withDetail("store", store.getClass().getSimpleName()).build();
        } catch (SessionStoreUnavailableException e) {
            return Health.down().withDetail("store", store.getClass().getSimpleName())
                    .withDetail("error", String.valueOf(e.getMessage())).build();
        }
    }
}

package io.sealedsession.spring.boot;

import io.sealedsession.core.port.SessionStore;
import io.sealedsession.spring.boot.internal.StoreProbe;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Reports whether the session store answers: UP when a read of a key that names no session
 * succeeds, DOWN with the store's own message (which never holds a password, a token or key
 * material) when the store cannot be reached. One read per check, never a write; the key it reads
 * is random and holds nothing. Registered as {@code sealedSessions}. On Boot 3.5 the same check is
 * registered under the same name through Boot 3's health API.
 */
public final class SealedSessionsHealthIndicator implements HealthIndicator {

    private final StoreProbe probe;

    public SealedSessionsHealthIndicator(SessionStore store) {
        this.probe = new StoreProbe(store);
    }

    @Override
    public Health health() {
        StoreProbe.Result result = probe.check();
        Health.Builder health = result.up() ? Health.up() : Health.down();
        health.withDetail("store", result.store());
        if (result.error() != null) {
            health.withDetail("error", result.error());
        }
        return health.build();
    }
}

package io.sealedsession.core;

import io.sealedsession.core.port.SessionEventListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes audit events to SLF4J under the logger {@code io.sealedsession.audit}: security-relevant
 * failures (tampering, malformed tokens, an unreachable store, the cap) at WARN, the rest at INFO.
 * Lines carry the token's fingerprint and never a token.
 */
public final class LoggingSessionEventListener implements SessionEventListener {

    private static final Logger LOG = LoggerFactory.getLogger("io.sealedsession.audit");

    @Override
    public void onEvent(SessionEvent event) {
        switch (event.type()) {
            case TAMPERED, MALFORMED_TOKEN, STORE_UNAVAILABLE, CAP_REACHED, WRITE_AFTER_DELETE_REFUSED ->
                    LOG.warn("{} at={} session={} principal={} {}", event.type(), event.at(),
                            event.fingerprint(), event.principal(), event.detail());
            default -> LOG.info("{} at={} session={} principal={} {}", event.type(), event.at(),
                    event.fingerprint(), event.principal(), event.detail());
        }
    }
}

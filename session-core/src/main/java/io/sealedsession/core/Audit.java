package io.sealedsession.core;

import io.sealedsession.core.port.OversizedRecordException;
import io.sealedsession.core.port.SessionEventListener;
import io.sealedsession.core.port.StoredRecord;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Where the manager's parts send audit events, and how they call the store so that outages are audited too. */
final class Audit {

    private static final Logger LOG = LoggerFactory.getLogger(Audit.class);

    private final SessionEventListener listener;

    Audit(SessionEventListener listener) {
        this.listener = listener;
    }

    void emit(SessionEvent.Type type, Instant at, @Nullable String fingerprint, @Nullable String principal, String detail) {
        try {
            listener.onEvent(new SessionEvent(type, at, fingerprint, principal, detail));
        } catch (RuntimeException e) {
            LOG.warn("session event listener failed on {}; the request goes on", type, e);
        }
    }

    /**
     * Runs one store read; an outage is audited, then rethrown; a record the store would not
     * transfer for its size is audited as tampering and reads as no record.
     */
    Optional<StoredRecord> load(Instant now, @Nullable String fingerprint, Supplier<Optional<StoredRecord>> read) {
        try {
            return call(now, fingerprint, read);
        } catch (OversizedRecordException e) {
            emit(SessionEvent.Type.TAMPERED, now, fingerprint, null, e.getMessage() + "; refused without decrypting");
            return Optional.empty();
        }
    }

    /** Runs one store operation; an outage is audited, then rethrown. */
    <T> T call(Instant now, @Nullable String fingerprint, Supplier<T> operation) {
        try {
            return operation.get();
        } catch (SessionStoreUnavailableException e) {
            emit(SessionEvent.Type.STORE_UNAVAILABLE, now, fingerprint, null, String.valueOf(e.getMessage()));
            throw e;
        }
    }

    void run(Instant now, @Nullable String fingerprint, Runnable operation) {
        call(now, fingerprint, () -> {
            operation.run();
            return null;
        });
    }
}

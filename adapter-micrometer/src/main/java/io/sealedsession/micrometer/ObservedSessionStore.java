package io.sealedsession.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.sealedsession.core.PrincipalCap;
import io.sealedsession.core.SessionKey;
import io.sealedsession.core.SessionStoreFullException;
import io.sealedsession.core.SessionStoreUnavailableException;
import io.sealedsession.core.port.Admission;
import io.sealedsession.core.port.IndexEntry;
import io.sealedsession.core.port.OversizedRecordException;
import io.sealedsession.core.port.PrincipalKey;
import io.sealedsession.core.port.ReplaceResult;
import io.sealedsession.core.port.SessionStore;
import io.sealedsession.core.port.StoredRecord;
import io.sealedsession.micrometer.internal.RedactedStoreError;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A {@link SessionStore} that observes every call to another one: one {@link Observation} named
 * {@value #OBSERVATION_NAME} per call, with two low-cardinality key values and no other:
 *
 * <ul>
 *   <li>{@code operation}: the port method ({@code load}, {@code expire}, {@code create},
 *       {@code replace}, {@code replace_fenced}, {@code remove}, {@code delete}, {@code index},
 *       {@code admit}, {@code unindex}, {@code indexed}, {@code lock}, {@code unlock});</li>
 *   <li>{@code outcome}: {@code success}; {@code miss} (no record: a load, expire, remove or delete
 *       that found none, a replace of a missing record); {@code conflict} (a create over an existing
 *       record, a replace at another version); {@code lock_lost}; {@code busy} (a lock someone
 *       else holds); {@code refused} and {@code evicted} (an admission under the cap);
 *       {@code full} ({@link SessionStoreFullException}); {@code unavailable} (any other
 *       {@link SessionStoreUnavailableException}); {@code error} (anything else thrown).</li>
 * </ul>
 *
 * <p>With Micrometer's {@code DefaultMeterObservationHandler} each observation is a timer
 * {@value #OBSERVATION_NAME} with those tags (plus Micrometer's own {@code error} tag); with a
 * tracing bridge (such as {@code micrometer-tracing-bridge-otel}) it is also a span named
 * {@code sealedsession.store <operation>}. A failed call records a stand-in error that names the
 * exception's class and withholds its message, since a message may carry a token's fingerprint.
 * No key value, span name or recorded error ever holds a token, a session key, a fingerprint or a
 * principal.
 *
 * <p>Every method of the port is forwarded, defaults included ({@link #delete},
 * {@link #supportsLocks}, {@link #lock}, {@link #unlock} and the fenced replace), so the delegate's
 * own implementation runs. {@link #supportsLocks} is not observed: it sends nothing to the store.
 * Thread-safe when the delegate is; results and exceptions are the delegate's, unchanged.
 */
public final class ObservedSessionStore implements SessionStore {

    /** The name of every observation, and of the timer it becomes. */
    public static final String OBSERVATION_NAME = "sealedsession.store";

    private final SessionStore delegate;
    private final ObservationRegistry registry;

    private ObservedSessionStore(SessionStore delegate, ObservationRegistry registry) {
        this.delegate = delegate;
        this.registry = registry;
    }

    /** Observes every call to {@code delegate} in {@code registry}. */
    public static ObservedSessionStore of(SessionStore delegate, ObservationRegistry registry) {
        return new ObservedSessionStore(Objects.requireNonNull(delegate, "delegate"),
                Objects.requireNonNull(registry, "registry"));
    }

    /** The store observed. */
    public SessionStore delegate() {
        return delegate;
    }

    @Override
    public Optional<StoredRecord> load(SessionKey key, @Nullable Duration touchTtl) {
        return observe("load", () -> delegate.load(key, touchTtl), found -> found.isPresent() ? SUCCESS : MISS);
    }

    @Override
    public boolean expire(SessionKey key, Duration ttl) {
        return observe("expire", () -> delegate.expire(key, ttl), ObservedSessionStore::successOrMiss);
    }

    @Override
    public boolean create(SessionKey key, byte[] sealedRecord, Duration ttl) {
        return observe("create", () -> delegate.create(key, sealedRecord, ttl), created -> created ? SUCCESS : CONFLICT);
    }

    @Override
    public ReplaceResult replace(SessionKey key, long expectedVersion, byte[] sealedRecord, Duration ttl) {
        return observe("replace", () -> delegate.replace(key, expectedVersion, sealedRecord, ttl),
                ObservedSessionStore::outcomeOf);
    }

    @Override
    public Optional<StoredRecord> remove(SessionKey key) {
        return observe("remove", () -> delegate.remove(key), removed -> removed.isPresent() ? SUCCESS : MISS);
    }

    @Override
    public boolean delete(SessionKey key) {
        return observe("delete", () -> delegate.delete(key), ObservedSessionStore::successOrMiss);
    }

    @Override
    public void index(PrincipalKey principal, SessionKey key, Instant deadline, Instant now) {
        run("index", () -> delegate.index(principal, key, deadline, now));
    }

    @Override
    public Admission admit(PrincipalKey principal, SessionKey key, @Nullable SessionKey replacing, Instant deadline,
            Instant now, int maxSessions, PrincipalCap.AtCap atCap) {
        return observe("admit", () -> delegate.admit(principal, key, replacing, deadline, now, maxSessions, atCap),
                admission -> !admission.admitted() ? "refused" : admission.evicted().isEmpty() ? SUCCESS : "evicted");
    }

    @Override
    public boolean supportsLocks() {
        return delegate.supportsLocks();
    }

    @Override
    public boolean lock(SessionKey key, byte[] fence, Duration lease) {
        return observe("lock", () -> delegate.lock(key, fence, lease), taken -> taken ? SUCCESS : "busy");
    }

    @Override
    public void unlock(SessionKey key, byte[] fence) {
        run("unlock", () -> delegate.unlock(key, fence));
    }

    @Override
    public ReplaceResult replace(SessionKey key, long expectedVersion, byte[] sealedRecord, Duration ttl, byte[] fence) {
        return observe("replace_fenced", () -> delegate.replace(key, expectedVersion, sealedRecord, ttl, fence),
                ObservedSessionStore::outcomeOf);
    }

    @Override
    public void unindex(PrincipalKey principal, Collection<SessionKey> keys, Instant now) {
        run("unindex", () -> delegate.unindex(principal, keys, now));
    }

    @Override
    public List<IndexEntry> indexed(PrincipalKey principal, Instant now) {
        return observe("indexed", () -> delegate.indexed(principal, now), entries -> SUCCESS);
    }

    /** The delegate's bounded view, observed in the same registry. */
    @Override
    public SessionStore withValueLimit(int maxSealedBytes) {
        SessionStore bounded = delegate.withValueLimit(maxSealedBytes);
        return bounded == delegate ? this : new ObservedSessionStore(bounded, registry);
    }

    @Override
    public String toString() {
        return "ObservedSessionStore[" + delegate + "]";
    }

    private static final String SUCCESS = "success";
    private static final String MISS = "miss";
    private static final String CONFLICT = "conflict";

    private static String successOrMiss(boolean done) {
        return done ? SUCCESS : MISS;
    }

    private static String outcomeOf(ReplaceResult result) {
        return switch (result.outcome()) {
            case REPLACED -> SUCCESS;
            case CONFLICT -> CONFLICT;
            case MISSING -> MISS;
            case LOCK_LOST -> "lock_lost";
        };
    }

    /** The {@code outcome} of a call that threw {@code failure}. */
    static String outcomeOf(Throwable failure) {
        if (failure instanceof SessionStoreFullException) {
            return "full";
        }
        if (failure instanceof SessionStoreUnavailableException) {
            return "unavailable";
        }
        if (failure instanceof OversizedRecordException) {
            return "oversized";
        }
        return "error";
    }

    private void run(String operation, Runnable call) {
        observe(operation, () -> {
            call.run();
            return Boolean.TRUE;
        }, done -> SUCCESS);
    }

    private <T> T observe(String operation, Supplier<T> call, Function<T, String> outcome) {
        Observation observation = Observation.createNotStarted(OBSERVATION_NAME, registry)
                .contextualName(OBSERVATION_NAME + " " + operation)
                .lowCardinalityKeyValue("operation", operation)
                .start();
        try (Observation.Scope scope = observation.openScope()) {
            T result = call.get();
            observation.lowCardinalityKeyValue("outcome", outcome.apply(result));
            return result;
        } catch (RuntimeException | Error failure) {
            observation.lowCardinalityKeyValue("outcome", outcomeOf(failure));
            observation.error(new RedactedStoreError(failure));
            throw failure;
        } finally {
            observation.stop();
        }
    }
}

package io.sealedsession.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.sealedsession.core.PrincipalCap;
import io.sealedsession.core.SessionKey;
import io.sealedsession.core.SessionStoreFullException;
import io.sealedsession.core.SessionStoreUnavailableException;
import io.sealedsession.core.memory.InMemorySessionStore;
import io.sealedsession.core.port.OversizedRecordException;
import io.sealedsession.core.port.PrincipalKey;
import io.sealedsession.core.port.ReplaceResult;
import io.sealedsession.core.port.SessionStore;
import io.sealedsession.core.port.StoredRecord;
import io.sealedsession.tests.kit.ForwardingSessionStore;
import io.sealedsession.tests.kit.ManualClock;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ObservedSessionStoreTest {

    private static final Duration TTL = Duration.ofMinutes(30);
    private static final SessionKey KEY = new SessionKey("A".repeat(43));
    private static final SessionKey OTHER = new SessionKey("B".repeat(43));
    private static final PrincipalKey PRINCIPAL = new PrincipalKey("principal-key");
    private static final byte[] RECORD = {1, 2, 3};
    private static final byte[] FENCE = {9};

    private final ManualClock clock = ManualClock.startingNow();
    private final Telemetry telemetry = new Telemetry();
    private final InMemorySessionStore memory = new InMemorySessionStore(clock, 3);
    private final SessionStore store = ObservedSessionStore.of(memory, telemetry.observations);

    @AfterEach
    void close() {
        telemetry.close();
    }

    @Test
    void everyPortMethodWhenDeclaredThenForwardedByTheDecoratorItself() throws NoSuchMethodException {
        List<String> inherited = new ArrayList<>();
        for (Method method : SessionStore.class.getMethods()) {
            if (Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            Method own = ObservedSessionStore.class.getMethod(method.getName(), method.getParameterTypes());
            if (own.getDeclaringClass() != ObservedSessionStore.class) {
                inherited.add(method.toString());
            }
        }
        assertThat(inherited).as("port methods the decorator leaves to the interface's defaults").isEmpty();
    }

    @Test
    void deleteWhenDelegateHasItsOwnDeleteThenThatOneRuns() {
        List<String> calls = new ArrayList<>();
        SessionStore recording = new ForwardingSessionStore(memory) {
            @Override
            protected void beforeCall(String operation, boolean writesRecord) {
                calls.add(operation);
            }
        };
        SessionStore observed = ObservedSessionStore.of(recording, telemetry.observations);
        observed.create(KEY, RECORD, TTL);
        assertThat(observed.delete(KEY)).isTrue();
        assertThat(observed.delete(KEY)).isFalse();
        assertThat(calls).containsExactly("create", "delete", "delete");
        assertThat(telemetry.count("delete", "success")).isEqualTo(1);
        assertThat(telemetry.count("delete", "miss")).isEqualTo(1);
        assertThat(telemetry.count("remove", "success") + telemetry.count("remove", "miss")).isZero();
    }

    @Test
    void loadWhenRecordPresentOrAbsentThenSuccessOrMiss() {
        store.create(KEY, RECORD, TTL);
        assertThat(store.load(KEY, TTL)).isPresent();
        assertThat(store.load(OTHER, TTL)).isEmpty();
        assertThat(telemetry.count("create", "success")).isEqualTo(1);
        assertThat(telemetry.count("load", "success")).isEqualTo(1);
        assertThat(telemetry.count("load", "miss")).isEqualTo(1);
    }

    @Test
    void createWhenRecordExistsThenConflict() {
        store.create(KEY, RECORD, TTL);
        assertThat(store.create(KEY, RECORD, TTL)).isFalse();
        assertThat(telemetry.count("create", "conflict")).isEqualTo(1);
    }

    @Test
    void replaceWhenVersionDiffersOrRecordMissingThenConflictOrMiss() {
        store.create(KEY, RECORD, TTL);
        assertThat(store.replace(KEY, 1, RECORD, TTL).outcome()).isEqualTo(ReplaceResult.Outcome.REPLACED);
        assertThat(store.replace(KEY, 1, RECORD, TTL).outcome()).isEqualTo(ReplaceResult.Outcome.CONFLICT);
        assertThat(store.replace(OTHER, 1, RECORD, TTL).outcome()).isEqualTo(ReplaceResult.Outcome.MISSING);
        assertThat(telemetry.count("replace", "success")).isEqualTo(1);
        assertThat(telemetry.count("replace", "conflict")).isEqualTo(1);
        assertThat(telemetry.count("replace", "miss")).isEqualTo(1);
    }

    @Test
    void lockWhenHeldElsewhereThenBusyAndFencedReplaceWithoutItThenLockLost() {
        store.create(KEY, RECORD, TTL);
        assertThat(store.supportsLocks()).isTrue();
        assertThat(store.lock(KEY, FENCE, Duration.ofSeconds(5))).isTrue();
        assertThat(store.lock(KEY, new byte[] {7}, Duration.ofSeconds(5))).isFalse();
        assertThat(store.replace(KEY, 1, RECORD, TTL, FENCE).outcome()).isEqualTo(ReplaceResult.Outcome.REPLACED);
        store.unlock(KEY, FENCE);
        assertThat(store.replace(KEY, 2, RECORD, TTL, FENCE).outcome()).isEqualTo(ReplaceResult.Outcome.LOCK_LOST);
        assertThat(telemetry.count("lock", "success")).isEqualTo(1);
        assertThat(telemetry.count("lock", "busy")).isEqualTo(1);
        assertThat(telemetry.count("replace_fenced", "success")).isEqualTo(1);
        assertThat(telemetry.count("unlock", "success")).isEqualTo(1);
        assertThat(telemetry.count("replace_fenced", "lock_lost")).isEqualTo(1);
    }

    @Test
    void admitWhenAtCapThenRefusedOrEvicted() {
        Instant now = clock.instant();
        store.admit(PRINCIPAL, KEY, null, now.plusSeconds(60), now, 1, PrincipalCap.AtCap.REJECT);
        store.admit(PRINCIPAL, OTHER, null, now.plusSeconds(90), now, 1, PrincipalCap.AtCap.REJECT);
        store.admit(PRINCIPAL, OTHER, null, now.plusSeconds(90), now, 1, PrincipalCap.AtCap.EVICT_OLDEST);
        store.index(PRINCIPAL, KEY, now.plusSeconds(30), now);
        assertThat(store.indexed(PRINCIPAL, now)).hasSize(2);
        store.unindex(PRINCIPAL, List.of(KEY), now);
        assertThat(telemetry.count("admit", "success")).isEqualTo(1);
        assertThat(telemetry.count("admit", "refused")).isEqualTo(1);
        assertThat(telemetry.count("admit", "evicted")).isEqualTo(1);
        assertThat(telemetry.count("index", "success")).isEqualTo(1);
        assertThat(telemetry.count("indexed", "success")).isEqualTo(1);
        assertThat(telemetry.count("unindex", "success")).isEqualTo(1);
    }

    @Test
    void expireAndRemoveWhenRecordPresentOrAbsentThenSuccessOrMiss() {
        store.create(KEY, RECORD, TTL);
        assertThat(store.expire(KEY, TTL)).isTrue();
        assertThat(store.expire(OTHER, TTL)).isFalse();
        assertThat(store.remove(KEY)).isPresent();
        assertThat(store.remove(KEY)).isEmpty();
        assertThat(telemetry.count("expire", "success")).isEqualTo(1);
        assertThat(telemetry.count("expire", "miss")).isEqualTo(1);
        assertThat(telemetry.count("remove", "success")).isEqualTo(1);
        assertThat(telemetry.count("remove", "miss")).isEqualTo(1);
    }

    @Test
    void createWhenStoreFullThenOutcomeFullAndTheSameExceptionReachesTheCaller() {
        for (int i = 0; i < 3; i++) {
            store.create(new SessionKey(Character.toString('C' + i).repeat(43)), RECORD, TTL);
        }
        assertThatThrownBy(() -> store.create(KEY, RECORD, TTL)).isInstanceOf(SessionStoreFullException.class);
        assertThat(telemetry.count("create", "full")).isEqualTo(1);
    }

    @Test
    void boundedViewWhenDelegateRefusesAnOversizedValueThenObservedAsOversized() {
        SessionStore refusing = new ForwardingSessionStore(memory) {
            @Override
            public Optional<StoredRecord> load(SessionKey key, @Nullable Duration touchTtl) {
                throw new OversizedRecordException(4 << 20, 1024);
            }
        };
        SessionStore bounding = new ForwardingSessionStore(memory) {
            @Override
            public SessionStore withValueLimit(int maxSealedBytes) {
                return refusing;
            }
        };
        SessionStore observed = ObservedSessionStore.of(bounding, telemetry.observations);

        SessionStore view = observed.withValueLimit(1024);

        assertThat(view).isInstanceOf(ObservedSessionStore.class).isNotSameAs(observed);
        assertThat(((ObservedSessionStore) view).delegate()).isSameAs(refusing);
        assertThatThrownBy(() -> view.load(KEY, TTL)).isInstanceOf(OversizedRecordException.class);
        assertThat(telemetry.count("load", "oversized")).isEqualTo(1);
        assertThat(store.withValueLimit(1024)).as("a delegate without a bounded view keeps this one").isSameAs(store);
    }

    @Test
    void anyCallWhenStoreUnreachableThenOutcomeUnavailableAndAnErrorSpanWithoutTheMessage() {
        String secretLooking = "session Zx9fQ2aB… could not be reached";
        SessionStore unreachable = ObservedSessionStore.of(new ForwardingSessionStore(memory) {
            @Override
            protected void beforeCall(boolean writesRecord) {
                throw new SessionStoreUnavailableException(secretLooking);
            }
        }, telemetry.observations);

        assertThatThrownBy(() -> unreachable.load(KEY, TTL)).isInstanceOf(SessionStoreUnavailableException.class)
                .hasMessage(secretLooking);
        assertThatThrownBy(() -> unreachable.unindex(PRINCIPAL, List.of(KEY), clock.instant()))
                .isInstanceOf(SessionStoreUnavailableException.class);
        assertThatThrownBy(() -> unreachable.delete(KEY)).isInstanceOf(SessionStoreUnavailableException.class);

        assertThat(telemetry.count("load", "unavailable")).isEqualTo(1);
        assertThat(telemetry.count("unindex", "unavailable")).isEqualTo(1);
        assertThat(telemetry.count("delete", "unavailable")).isEqualTo(1);
        SpanData load = telemetry.finishedSpans().stream()
                .filter(span -> span.getName().equals("sealedsession.store load")).findFirst().orElseThrow();
        assertThat(load.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(load.getAttributes().get(AttributeKey.stringKey("outcome"))).isEqualTo("unavailable");
        String recorded = load.getEvents().stream().map(EventData::getAttributes).map(Object::toString)
                .collect(Collectors.joining()) + load.getStatus().getDescription();
        assertThat(recorded).contains(SessionStoreUnavailableException.class.getName()).doesNotContain("Zx9fQ2aB");
    }

    @Test
    void spansWhenStoreCalledThenNamedByOperationWithOnlyOperationAndOutcome() {
        store.create(KEY, RECORD, TTL);
        store.load(KEY, TTL);
        assertThat(telemetry.finishedSpans()).extracting(SpanData::getName)
                .containsExactly("sealedsession.store create", "sealedsession.store load");
        for (SpanData span : telemetry.finishedSpans()) {
            Map<String, Object> attributes = new java.util.TreeMap<>();
            span.getAttributes().forEach((key, value) -> attributes.put(key.getKey(), value));
            assertThat(attributes).containsOnlyKeys("operation", "outcome");
        }
    }
}

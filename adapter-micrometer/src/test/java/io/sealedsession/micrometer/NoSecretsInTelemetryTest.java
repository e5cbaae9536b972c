package io.sealedsession.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.sealedsession.core.PrincipalCap;
import io.sealedsession.core.Session;
import io.sealedsession.core.SessionInfo;
import io.sealedsession.core.SessionManager;
import io.sealedsession.core.SessionPolicy;
import io.sealedsession.core.SessionToken;
import io.sealedsession.core.memory.InMemorySessionStore;
import io.sealedsession.core.port.SessionStore;
import io.sealedsession.crypto.SessionKeyring;
import io.sealedsession.tests.redis.RedisSetup;
import io.sealedsession.tests.redis.RedisStoreUnderTest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Drives a manager through every kind of event and store outcome, then reads every meter (name,
 * description, tags) and every span (name, attributes, events, status) for anything that names a
 * session or a person.
 */
class NoSecretsInTelemetryTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"in-memory", "redis"})
    @DisplayName("no token, session key, fingerprint, handle or principal reaches a meter or a span")
    void nothingSecretInTelemetry(String storeKind) throws Exception {
        try (Telemetry telemetry = new Telemetry()) {
            RedisStoreUnderTest redis = storeKind.equals("redis") ? RedisStoreUnderTest.open(RedisSetup.PLAIN, "lettuce") : null;
            SessionStore base = redis == null ? new InMemorySessionStore() : redis.store();
            SessionManager manager = SessionManager.builder(ObservedSessionStore.of(base, telemetry.observations),
                            SessionKeyring.generate().sealer())
                    .policy(SessionPolicy.custom().principalCap(PrincipalCap.rejectAbove(1)).build())
                    .eventListener(new SessionEventMetrics(telemetry.meters))
                    .build();

            Set<String> secrets = new LinkedHashSet<>();
            List<String> principals = List.of("alice@example.com", "Bob Example");
            secrets.addAll(principals);
            Function<Session, Session> remember = session -> {
                SessionToken token = session.token();
                secrets.add(token.revealValue());
                secrets.add(token.fingerprint());
                secrets.add(token.key().value());
                secrets.add(token.key().fingerprint());
                secrets.add(SessionInfo.handleOf(token.key()));
                return session;
            };

            Session first = remember.apply(manager.create());
            first.setAttribute("cart", List.of("book-42"));
            manager.save(first);
            manager.authenticate(first, principals.get(0));
            remember.apply(first);
            manager.save(first);
            String cookie = first.token().revealValue();
            remember.apply(manager.find(cookie).orElseThrow());
            Session second = remember.apply(manager.create());
            try {
                manager.authenticate(second, principals.get(0)); // the cap of 1 refuses it
            } catch (RuntimeException expected) {
                // CAP_REACHED
            }
            manager.find("not a token");
            SessionToken unknown = SessionToken.generate(new SecureRandom());
            secrets.add(unknown.revealValue());
            secrets.add(unknown.fingerprint());
            manager.find(unknown.revealValue());
            manager.sessionsOf(principals.get(0));
            Session third = remember.apply(manager.create());
            manager.save(third);
            manager.authenticate(third, principals.get(1));
            remember.apply(third);
            manager.save(third);
            manager.invalidateAllOf(principals.get(1));
            manager.invalidate(first);
            manager.find(cookie);

            List<String> observed = new ArrayList<>();
            for (Meter meter : telemetry.allMeters()) {
                observed.add(meter.getId().getName());
                observed.add(String.valueOf(meter.getId().getDescription()));
                for (Tag tag : meter.getId().getTags()) {
                    observed.add(tag.getKey() + "=" + tag.getValue());
                }
            }
            List<SpanData> spans = telemetry.finishedSpans();
            for (SpanData span : spans) {
                observed.add(span.getName());
                span.getAttributes().forEach((key, value) -> observed.add(key.getKey() + "=" + value));
                for (EventData event : span.getEvents()) {
                    observed.add(event.getName());
                    event.getAttributes().forEach((key, value) -> observed.add(key.getKey() + "=" + value));
                }
                observed.add(String.valueOf(span.getStatus().getDescription()));
            }

            // The scan has something to scan: events of each kind were counted and calls were spans.
            assertThat(telemetry.meters.get(SessionEventMetrics.METER_NAME).tag("type", "authenticated").counter().count())
                    .isEqualTo(2);
            assertThat(telemetry.meters.get(SessionEventMetrics.METER_NAME).tag("type", "cap_reached").counter().count())
                    .isEqualTo(1);
            assertThat(telemetry.meters.get(SessionEventMetrics.METER_NAME).tag("type", "malformed_token").counter().count())
                    .isEqualTo(1);
            assertThat(spans).extracting(SpanData::getName)
                    .contains("sealedsession.store create", "sealedsession.store load", "sealedsession.store admit",
                            "sealedsession.store indexed", "sealedsession.store remove");
            assertThat(secrets).hasSizeGreaterThan(20);
            for (String secret : secrets) {
                for (String text : observed) {
                    assertThat(text).as("telemetry text").doesNotContain(secret);
                }
            }
            if (redis != null) {
                redis.close();
            }
        }
    }
}

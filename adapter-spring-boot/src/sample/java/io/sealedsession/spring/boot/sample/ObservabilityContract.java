package io.sealedsession.spring.boot.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.sealedsession.core.SessionInfo;
import io.sealedsession.core.SessionKey;
import io.sealedsession.core.SessionToken;
import io.sealedsession.spring.boot.sample.app.SampleApplication;
import io.sealedsession.tests.redis.RedisServer;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The sample application with Actuator, Prometheus and OpenTelemetry tracing (through Micrometer
 * Tracing's bridge into an in-memory exporter), on a redis-server of its own that the tests kill
 * and start again. Nothing in the application mentions metrics: what is measured comes from the
 * starter. Started as an ordinary application rather than a {@code @SpringBootTest}, whose test
 * set-up turns metrics export and tracing off.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ObservabilityContract {

    private static final Pattern SAMPLE_LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^}]*)\\} (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private RedisServer redis;
    private ConfigurableApplicationContext application;
    private int port;
    /** Every token a browser held, and every principal that signed in, for the scan. */
    private final Set<String> tokens = new LinkedHashSet<>();
    private final Set<String> principals = new LinkedHashSet<>();

    /** The configuration class that chooses the servlet container. */
    protected abstract Class<?> container();

    /** The in-memory span exporter, which Boot hands every finished span to. */
    @Configuration(proxyBeanMethods = false)
    public static class Spans {
        @Bean
        InMemorySpanExporter inMemorySpanExporter() {
            return InMemorySpanExporter.create();
        }
    }

    @BeforeAll
    void start() {
        redis = RedisServer.startDefault();
        Map<String, String> properties = new LinkedHashMap<>(SampleFixture.shared().properties());
        properties.put("sealedsession.redis.uri", redis.uri());
        properties.put("management.endpoints.web.exposure.include", "health,prometheus");
        properties.put("management.endpoint.health.show-components", "always");
        properties.put("management.tracing.sampling.probability", "1.0");
        List<String> args = new ArrayList<>();
        args.add("--server.port=0");
        properties.forEach((key, value) -> args.add("--" + key + "=" + value));
        application = new SpringApplicationBuilder(SampleApplication.class, container(), Spans.class)
                .run(args.toArray(String[]::new));
        port = Integer.parseInt(application.getEnvironment().getRequiredProperty("local.server.port"));
    }

    @AfterAll
    void stop() {
        if (application != null) {
            application.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    @DisplayName("/actuator/prometheus counts each event and store call of a sign-in, a sign-out and bad tokens, and the spans reach OpenTelemetry")
    void prometheusCountsAndSpans() {
        Browser admin = signedIn(SampleApplication.ADMIN);
        String before = scrape(admin);
        spans().reset();

        Browser alice = new Browser(port);
        alice.get("/login");
        remember(alice);
        signIn(alice, "alice");
        assertThat(alice.get("/").body()).isEqualTo("hello alice");
        Browser malformed = new Browser(port);
        malformed.setCookie("__Host-SID", "not-a-token");
        assertThat(malformed.get("/").statusCode()).isEqualTo(302);
        Browser unknown = new Browser(port);
        unknown.setCookie("__Host-SID", SessionToken.generate(new java.security.SecureRandom()).revealValue());
        remember(unknown);
        assertThat(unknown.get("/").statusCode()).isEqualTo(302);
        assertThat(alice.signOut().statusCode()).isEqualTo(302);

        String after = scrape(admin);
        assertThat(delta(before, after, "sealedsession_events_total", "type", "authenticated")).isEqualTo(1);
        assertThat(delta(before, after, "sealedsession_events_total", "type", "malformed_token")).isEqualTo(1);
        assertThat(delta(before, after, "sealedsession_events_total", "type", "unknown_token")).isEqualTo(1);
        assertThat(delta(before, after, "sealedsession_events_total", "type", "invalidated")).isEqualTo(1);
        assertThat(delta(before, after, "sealedsession_events_total", "type", "tampered")).isZero();
        assertThat(delta(before, after, "sealedsession_store_seconds_count", "operation", "admit", "outcome", "success"))
                .isEqualTo(1);
        assertThat(delta(before, after, "sealedsession_store_seconds_count", "operation", "remove", "outcome", "success"))
                .isEqualTo(1);
        assertThat(delta(before, after, "sealedsession_store_seconds_count", "outcome", "unavailable")).isZero();

        List<SpanData> finished = finishedSpans();
        assertThat(finished).extracting(SpanData::getName)
                .contains("sealedsession.store load", "sealedsession.store create", "sealedsession.store admit",
                        "sealedsession.store remove");
        SpanData admit = finished.stream().filter(s -> s.getName().equals("sealedsession.store admit")).findFirst()
                .orElseThrow();
        assertThat(admit.getAttributes().asMap()).extractingFromEntries(e -> e.getKey().getKey() + "=" + e.getValue())
                .contains("operation=admit", "outcome=success");
        // Each store span belongs to the trace of the HTTP request that made the call.
        assertThat(admit.getParentSpanContext().isValid()).isTrue();
        assertThat(finished).anySatisfy(s -> {
            assertThat(s.getTraceId()).isEqualTo(admit.getTraceId());
            assertThat(s.getName()).startsWith("http");
        });

        assertNothingSecret(after, finished);
    }

    @Test
    @DisplayName("with Redis killed, store calls end outcome=unavailable and sealedSessions is DOWN; UP again once Redis is back")
    void outageIsCountedAndHealthFollowsRedis() {
        Browser alice = signedIn("alice");
        assertThat(alice.get("/").body()).isEqualTo("hello alice");
        String before = scrape(signedIn(SampleApplication.ADMIN));
        assertThat(health().statusCode()).isEqualTo(200);

        redis.kill();
        HttpResponse<String> refused = alice.get("/");
        HttpResponse<String> down = health();
        redis.start();
        HttpResponse<String> up = waitForHealth();

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body()).contains("\"sealedSessions\":{\"status\":\"DOWN\"");
        assertThat(up.statusCode()).isEqualTo(200);
        assertThat(up.body()).contains("\"sealedSessions\":{\"status\":\"UP\"");
        // The restarted server kept nothing: the administrator signs in anew to read the counts.
        String after = scrape(signedIn(SampleApplication.ADMIN));
        assertThat(delta(before, after, "sealedsession_store_seconds_count", "operation", "load", "outcome", "unavailable"))
                .isEqualTo(1);
        assertThat(delta(before, after, "sealedsession_events_total", "type", "store_unavailable")).isEqualTo(1);
        assertNothingSecret(after, finishedSpans());
    }

    private InMemorySpanExporter spans() {
        return application.getBean(InMemorySpanExporter.class);
    }

    private List<SpanData> finishedSpans() {
        application.getBean(SdkTracerProvider.class).forceFlush().join(30, TimeUnit.SECONDS);
        return spans().getFinishedSpanItems();
    }

    private Browser signedIn(String user) {
        Browser browser = new Browser(port);
        signIn(browser, user);
        return browser;
    }

    private void signIn(Browser browser, String user) {
        principals.add(user);
        browser.get("/login");
        remember(browser); // the pre-login token
        HttpResponse<String> answer = browser.signIn(user);
        assertThat(answer.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).doesNotContain("error"));
        remember(browser);
    }

    private void remember(Browser browser) {
        String token = browser.cookie("__Host-SID");
        if (token != null) {
            tokens.add(token);
        }
    }

    private String scrape(Browser admin) {
        HttpResponse<String> page = admin.get("/actuator/prometheus");
        assertThat(page.statusCode()).isEqualTo(200);
        remember(admin);
        return page.body();
    }

    private HttpResponse<String> health() {
        return new Browser(port).get("/actuator/health");
    }

    /** Polls the health endpoint until it answers 200, for at most 60 s (Lettuce reconnects on its own schedule). */
    private HttpResponse<String> waitForHealth() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        HttpResponse<String> last = health();
        while (last.statusCode() != 200 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            last = health();
        }
        return last;
    }

    /** How much the samples of {@code metric} whose labels include {@code labels} (name, value, ...) grew. */
    static double delta(String before, String after, String metric, String... labels) {
        return sum(after, metric, labels) - sum(before, metric, labels);
    }

    static double sum(String scrape, String metric, String... labels) {
        double total = 0;
        for (String line : scrape.split("\n")) {
            Matcher sample = SAMPLE_LINE.matcher(line);
            if (!sample.find() || !sample.group(1).equals(metric)) {
                continue;
            }
            Map<String, String> found = new LinkedHashMap<>();
            Matcher label = LABEL.matcher(sample.group(2));
            while (label.find()) {
                found.put(label.group(1), label.group(2));
            }
            boolean matches = true;
            for (int i = 0; i < labels.length; i += 2) {
                matches &= labels[i + 1].equals(found.get(labels[i]));
            }
            if (matches) {
                total += Double.parseDouble(sample.group(3));
            }
        }
        return total;
    }

    /** A span's name, status, attributes, and its events' names and attributes. */
    private static List<String> textOf(SpanData span) {
        List<String> text = new ArrayList<>(List.of(span.getName(), String.valueOf(span.getStatus().getDescription())));
        span.getAttributes().asMap().forEach((key, value) -> text.add(key.getKey() + "=" + value));
        span.getEvents().stream().flatMap(event -> Stream.concat(Stream.of(event.getName()),
                event.getAttributes().asMap().entrySet().stream().map(e -> e.getKey().getKey() + "=" + e.getValue())))
                .forEach(text::add);
        return text;
    }

    /**
     * Every meter of the application's registry (name, description, every tag), the Prometheus
     * page, and every span (name, attributes, events and their attributes, status) hold no token,
     * session key, fingerprint, handle or principal of these tests.
     */
    private void assertNothingSecret(String scrape, List<SpanData> spans) {
        Set<String> secrets = new LinkedHashSet<>(principals);
        for (String value : tokens) {
            secrets.add(value);
            SessionToken.parse(value).ifPresent(token -> {
                SessionKey key = token.key();
                secrets.add(token.fingerprint());
                secrets.add(key.value());
                secrets.add(key.fingerprint());
                secrets.add(SessionInfo.handleOf(key));
            });
        }
        List<String> observed = new ArrayList<>(List.of(scrape.split("\n")));
        for (MeterRegistry registry : application.getBeansOfType(MeterRegistry.class).values()) {
            for (Meter meter : registry.getMeters()) {
                observed.add(meter.getId().getName() + " " + meter.getId().getDescription());
                for (Tag tag : meter.getId().getTags()) {
                    observed.add(tag.getKey() + "=" + tag.getValue());
                }
            }
        }
        spans.forEach(span -> observed.addAll(textOf(span)));
        assertThat(tokens).as("tokens seen").hasSizeGreaterThanOrEqualTo(4);
        assertThat(observed).anySatisfy(text -> assertThat(text).startsWith("sealedsession"));
        for (String secret : secrets) {
            assertThat(observed).as("telemetry holding %s", secret).noneSatisfy(text -> assertThat(text).contains(secret));
        }
    }
}

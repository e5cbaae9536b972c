package io.sealedsession.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedsession.core.PrincipalCap;
import io.sealedsession.core.Session;
import io.sealedsession.core.SessionManager;
import io.sealedsession.core.SessionPolicy;
import io.sealedsession.core.memory.InMemorySessionStore;
import io.sealedsession.core.port.AttributeCodec;
import io.sealedsession.core.port.SessionSealer;
import io.sealedsession.core.port.SessionStore;
import io.sealedsession.crypto.KeyEncryptionKey;
import io.sealedsession.crypto.SessionKeyring;
import io.sealedsession.redis.RedisSessionStore;
import io.sealedsession.servlet.SealedSessionFilter;
import io.sealedsession.servlet.SessionTokenResolver;
import io.sealedsession.spring.boot.internal.KeyringMissingFailureAnalyzer;
import io.sealedsession.spring.boot.internal.SessionFilterConflictFailureAnalyzer;
import io.sealedsession.spring.boot.security.SealedSecurityContextRepository;
import io.sealedsession.spring.boot.security.SealedSessionAuthenticationStrategy;
import io.sealedsession.spring.boot.security.SealedSessionRegistry;
import io.sealedsession.spring.boot.security.SealedSessions;
import io.sealedsession.spring.boot.security.SpringSecurityAttributeCodec;
import io.sealedsession.tests.redis.RedisServer;
import jakarta.servlet.DispatcherType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.core.session.SessionRegistryImpl;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * Every condition of the auto-configuration that Boot 4 and Boot 3.5 share, each in an application
 * context of its own; it runs on both lines ({@code adapter-spring-boot-boot3-tests} compiles it
 * against Boot 3.5). The health indicator's conditions, whose API differs between the two, are in
 * each line's own tests.
 */
@ExtendWith(OutputCaptureExtension.class)
class SealedSessionsAutoConfigurationTest {

    static final AutoConfigurations ALL = AutoConfigurations.of(SealedSessionsAutoConfiguration.class,
            SealedSessionsSecurityAutoConfiguration.class, SealedSessionsHealthAutoConfiguration.class,
            SealedSessionsBoot3HealthAutoConfiguration.class, SealedSessionsEndpointAutoConfiguration.class);

    /** Where Boot registers Spring Security's filter chain by default, on Boot 4 and on Boot 3.5. */
    private static final int SPRING_SECURITY_FILTER_ORDER = -100;

    static final String[] DEMO = {"sealedsession.store=memory", "sealedsession.keyring.throwaway=true"};

    private final WebApplicationContextRunner web = new WebApplicationContextRunner().withConfiguration(ALL);

    @Test
    @DisplayName("the in-memory store is used only when sealedsession.store=memory says so, and that is logged")
    void storeWhenMemoryIsAskedForThenInMemory(CapturedOutput output) {
        web.withPropertyValues(DEMO).run(context ->
                assertThat(context.getBean(SessionStore.class)).isInstanceOf(InMemorySessionStore.class));
        assertThat(output).contains("WARN").contains("sealedsession.store=memory: sessions live in this process only");
    }

    @Test
    @DisplayName("without sealedsession.store the store is Redis, and a missing URI stops the start naming the property")
    void storeWhenNothingIsSetThenRedisIsRequired() {
        web.withPropertyValues("sealedsession.keyring.throwaway=true").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("sealedsession.redis.uri is required");
        });
    }

    @Test
    @DisplayName("without a keyring the application does not start, and the failure analysis says how to give one")
    void keyringWhenMissingThenStartFailsWithAnalysis() {
        web.withPropertyValues("sealedsession.store=memory").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(KeyringMissingException.class);
            FailureAnalysis analysis = new KeyringMissingFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).contains("no keyring").contains("sealedsession.keyring.location is not set");
            assertThat(analysis.getAction()).contains("sealedsession.keyring.kek-location").contains("KeyEncryptionKey bean")
                    .contains("sealedsession.keyring.throwaway=true");
        });
    }

    @Test
    @DisplayName("a keyring location without a key-encryption key stops the start")
    void keyringWhenLocationHasNoKekThenStartFails(@TempDir Path dir) {
        web.withPropertyValues("sealedsession.store=memory", "sealedsession.keyring.location=" + dir.resolve("k.json"))
                .run(context -> assertThat(context.getStartupFailure()).rootCause()
                        .isInstanceOf(KeyringMissingException.class).hasMessageContaining("kek-location"));
    }

    @Test
    @DisplayName("the keyring is read from sealedsession.keyring.location and kek-location")
    void keyringWhenFilesAreGivenThenSealsWithThem(@TempDir Path dir) {
        Path kekFile = dir.resolve("kek.json");
        Path keyringFile = dir.resolve("keyring.json");
        KeyEncryptionKey kek = KeyEncryptionKey.generateKeysetFile(kekFile);
        SessionKeyring.generate().write(keyringFile, kek);
        web.withPropertyValues("sealedsession.store=memory", "sealedsession.keyring.location=" + keyringFile,
                "sealedsession.keyring.kek-location=" + kekFile).run(context -> {
            byte[] sealed = context.getBean(SessionSealer.class).seal(bytes("hello"), bytes("ad"));
            SessionSealer fromFile = SessionKeyring.load(keyringFile, KeyEncryptionKey.fromKeysetFile(kekFile)).sealer();
            assertThat(fromFile.open(sealed, bytes("ad"))).hasValueSatisfying(b -> assertThat(b).isEqualTo(bytes("hello")));
        });
    }

    @Test
    @DisplayName("a KeyEncryptionKey bean (a KMS) decrypts the keyring in place of kek-location")
    void keyringWhenKekBeanIsDefinedThenItDecrypts(@TempDir Path dir) {
        KeyEncryptionKey kek = KeyEncryptionKey.generateKeysetFile(dir.resolve("kek.json"));
        Path keyringFile = dir.resolve("keyring.json");
        SessionKeyring written = SessionKeyring.generate();
        written.write(keyringFile, kek);
        web.withPropertyValues("sealedsession.store=memory", "sealedsession.keyring.location=" + keyringFile)
                .withBean(KeyEncryptionKey.class, () -> kek)
                .run(context -> assertThat(context.getBean(SessionKeyring.class).primaryKeyId()).isEqualTo(written.primaryKeyId()));
    }

    @Test
    @DisplayName("invariant 9 sealedsession.keyring.throwaway=true starts with a generated keyring and warns loudly")
    void keyringWhenThrowawayThenGenerated(CapturedOutput output) {
        web.withPropertyValues(DEMO).run(context -> assertThat(context).hasSingleBean(SessionKeyring.class));
        assertThat(output).contains("sealedsession.keyring.throwaway=true").contains("Demo mode: never use it in production");
    }

    @Test
    @DisplayName("the policy is read from sealedsession.policy.*, the rest keeps its defaults")
    void policyWhenPropertiesAreSetThenApplied() {
        web.withPropertyValues(DEMO).withPropertyValues("sealedsession.policy.idle-timeout=10m",
                "sealedsession.policy.absolute-lifetime=2h", "sealedsession.policy.renewal-interval=15m",
                "sealedsession.policy.max-sessions-per-principal=3", "sealedsession.policy.at-cap=reject",
                "sealedsession.policy.max-record-bytes=4096").run(context -> {
            SessionPolicy policy = context.getBean(SessionManager.class).policy();
            assertThat(policy.idleTimeout()).isEqualTo(Duration.ofMinutes(10));
            assertThat(policy.absoluteLifetime()).isEqualTo(Duration.ofHours(2));
            assertThat(policy.renewalInterval()).isEqualTo(Duration.ofMinutes(15));
            assertThat(policy.principalCap()).isEqualTo(PrincipalCap.rejectAbove(3));
            assertThat(policy.maxRecordBytes()).isEqualTo(4096);
            assertThat(policy.maxAttributes()).isEqualTo(SessionPolicy.ofDefaults().maxAttributes());
        });
    }

    @Test
    @DisplayName("a policy value out of range stops the start with the policy's own message")
    void policyWhenValueIsOutOfRangeThenStartFails() {
        web.withPropertyValues(DEMO).withPropertyValues("sealedsession.policy.idle-timeout=0s").run(context ->
                assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("idleTimeout must be at least 1s"));
    }

    @Test
    @DisplayName("C1 the filter is registered ahead of Spring Security's, for REQUEST, ASYNC and ERROR, with the hardened cookie")
    void filterWhenWebApplicationThenRegisteredFirst() {
        web.withPropertyValues(DEMO).run(context -> {
            FilterRegistrationBean<?> registration = context.getBean("sealedSessionFilterRegistration", FilterRegistrationBean.class);
            assertThat(registration.getOrder()).isLessThan(SPRING_SECURITY_FILTER_ORDER);
            assertThat(registration.isAsyncSupported()).isTrue();
            assertThat(registration.getUrlPatterns()).containsExactly("/*");
            assertThat(registration).extracting("dispatcherTypes").asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.ITERABLE)
                    .containsExactlyInAnyOrder(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
            assertThat(registration.getFilter()).isSameAs(context.getBean(SealedSessionFilter.class));
            assertThat(registration.getFilter().toString()).contains("__Host-SID=…; Path=/; Secure; HttpOnly; SameSite=Lax");
        });
    }

    @Test
    @DisplayName("cookie settings come from sealedsession.cookie.*; the insecure one is named as such and logged")
    void filterWhenCookiePropertiesAreSetThenApplied(CapturedOutput output) {
        web.withPropertyValues(DEMO).withPropertyValues("sealedsession.cookie.name=SID", "sealedsession.cookie.same-site=strict",
                "sealedsession.cookie.insecure-plain-http=true").run(context ->
                assertThat(context.getBean(SealedSessionFilter.class).toString()).contains("SID=…; Path=/; HttpOnly; SameSite=Strict")
                        .doesNotContain("Secure"));
        assertThat(output).contains("sealedsession.cookie.insecure-plain-http=true: the session cookie is sent without Secure");
    }

    @Test
    @DisplayName("sealedsession.token-header moves tokens to a header")
    void filterWhenTokenHeaderIsSetThenHeaderResolver() {
        web.withPropertyValues(DEMO).withPropertyValues("sealedsession.token-header=X-Session-Token").run(context ->
                assertThat(context.getBean(SealedSessionFilter.class).toString()).contains("SessionTokenResolver.header(X-Session-Token)"));
    }

    @Test
    @DisplayName("outside a servlet web application there is a manager but no filter and no Spring Security integration")
    void filterWhenNotAWebApplicationThenAbsent() {
        new ApplicationContextRunner().withConfiguration(ALL).withPropertyValues(DEMO).run(context -> {
            assertThat(context).hasSingleBean(SessionManager.class);
            assertThat(context).doesNotHaveBean(SealedSessionFilter.class);
            assertThat(context).doesNotHaveBean("sealedSessionFilterRegistration");
            assertThat(context).doesNotHaveBean(SealedSessionRegistry.class);
        });
    }

    @Test
    @DisplayName("Spring Session's filter beside ours stops the start, and the failure analysis says to keep one")
    void filterWhenSpringSessionIsPresentThenStartFails() {
        web.withPropertyValues(DEMO).withBean("springSessionRepositoryFilter", jakarta.servlet.Filter.class,
                () -> (request, response, chain) -> chain.doFilter(request, response)).run(context -> {
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(SessionFilterConflictException.class);
            FailureAnalysis analysis = new SessionFilterConflictFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).contains("springSessionRepositoryFilter");
            assertThat(analysis.getAction()).contains("Keep one");
        });
    }

    @Test
    @DisplayName("every bean backs off when the application defines its own")
    void beansWhenApplicationDefinesThemThenBackOff() {
        InMemorySessionStore store = new InMemorySessionStore();
        SessionSealer sealer = SessionKeyring.generate().sealer();
        SessionPolicy policy = SessionPolicy.custom().idleTimeout(Duration.ofMinutes(5)).build();
        SessionManager manager = SessionManager.builder(store, sealer).policy(policy).build();
        SealedSessionFilter filter = SealedSessionFilter.builder(manager).build();
        SessionRegistry registry = new SessionRegistryImpl();
        SecurityContextRepository repository = new HttpSessionSecurityContextRepository();
        SessionAuthenticationStrategy strategy = new ChangeSessionIdAuthenticationStrategy();
        AttributeCodec codec = AttributeCodec.builtIn();
        SealedSessionsEndpoint endpoint = new SealedSessionsEndpoint(manager);
        // No store, keyring or throwaway property: with the application's beans none is needed.
        web.withBean(SessionStore.class, () -> store).withBean(SessionSealer.class, () -> sealer)
                .withBean(SessionPolicy.class, () -> policy).withBean(SessionManager.class, () -> manager)
                .withBean(SealedSessionFilter.class, () -> filter).withBean(SessionRegistry.class, () -> registry)
                .withBean(SecurityContextRepository.class, () -> repository).withBean(AttributeCodec.class, () -> codec)
                .withBean(SessionAuthenticationStrategy.class, () -> strategy)
                .withBean(SealedSessionsEndpoint.class, () -> endpoint)
                .withPropertyValues("management.endpoint.sealedsessions.access=UNRESTRICTED",
                        "management.endpoints.web.exposure.include=sealedsessions")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(SessionStore.class)).isSameAs(store);
                    assertThat(context).doesNotHaveBean(SessionKeyring.class);
                    assertThat(context.getBean(SessionSealer.class)).isSameAs(sealer);
                    assertThat(context.getBean(SessionPolicy.class)).isSameAs(policy);
                    assertThat(context.getBean(SessionManager.class)).isSameAs(manager);
                    assertThat(context.getBean(SealedSessionFilter.class)).isSameAs(filter);
                    assertThat(context.getBean(SessionRegistry.class)).isSameAs(registry);
                    assertThat(context.getBean(SecurityContextRepository.class)).isSameAs(repository);
                    assertThat(context.getBean(AttributeCodec.class)).isSameAs(codec);
                    assertThat(context.getBean(SessionAuthenticationStrategy.class)).isSameAs(strategy);
                    SealedSessions sealed = context.getBean(SealedSessions.class);
                    assertThat(sealed.securityContextRepository()).isSameAs(repository);
                    assertThat(sealed.authenticationStrategy()).isSameAs(strategy);
                    assertThat(context.getBean(SealedSessionsEndpoint.class)).isSameAs(endpoint);
                });
    }

    @Test
    @DisplayName("the application's token resolver, event listener and filter registration are used or kept")
    void beansWhenApplicationDefinesCollaboratorsThenUsed() {
        SessionTokenResolver resolver = SessionTokenResolver.header("X-Api-Session");
        FilterRegistrationBean<SealedSessionFilter> own = new FilterRegistrationBean<>();
        web.withPropertyValues(DEMO).withBean(SessionTokenResolver.class, () -> resolver)
                .withBean("sealedSessionFilterRegistration", FilterRegistrationBean.class, () -> own).run(context -> {
                    assertThat(context.getBean(SealedSessionFilter.class).toString()).contains("header(X-Api-Session)");
                    assertThat(context.getBean("sealedSessionFilterRegistration")).isSameAs(own);
                });
    }

    @Test
    @DisplayName("with Spring Security present: context repository, sign-in strategy, registry, codec and what the HttpSecurity configurer applies")
    void securityWhenOnClassPathThenIntegrated() {
        web.withPropertyValues(DEMO).run(context -> {
            assertThat(context).hasSingleBean(SealedSecurityContextRepository.class);
            assertThat(context).hasSingleBean(SealedSessionAuthenticationStrategy.class);
            assertThat(context).hasSingleBean(SealedSessionRegistry.class);
            assertThat(context).hasSingleBean(SpringSecurityAttributeCodec.class);
            assertThat(context).hasSingleBean(SealedSessions.class);
        });
    }

    @Test
    @DisplayName("without a SessionManager (the core auto-configuration excluded) the Spring Security part stays out")
    void securityWhenNoManagerThenNothing() {
        new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(SealedSessionsSecurityAutoConfiguration.class,
                SealedSessionsHealthAutoConfiguration.class, SealedSessionsEndpointAutoConfiguration.class)).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(SealedSessions.class);
            assertThat(context).doesNotHaveBean(SealedSessionRegistry.class);
            assertThat(context).doesNotHaveBean("sealedSessionsHealthIndicator");
        });
    }

    @Test
    @DisplayName("without Spring Security on the class path nothing of it is configured, and sessions still work")
    void securityWhenAbsentThenNothing() {
        web.withPropertyValues(DEMO).withClassLoader(new FilteredClassLoader(HttpSecurity.class)).run(context -> {
            assertThat(context).hasSingleBean(SealedSessionFilter.class);
            assertThat(context).doesNotHaveBean(SealedSessionRegistry.class);
            assertThat(context).doesNotHaveBean(SealedSessions.class);
        });
    }

    @Test
    @DisplayName("without Actuator the endpoint's configuration is skipped and the application starts")
    void endpointWhenActuatorIsAbsentThenSkipped() {
        web.withPropertyValues(DEMO).withPropertyValues("management.endpoint.sealedsessions.access=UNRESTRICTED",
                "management.endpoints.web.exposure.include=sealedsessions")
                .withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate")).run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(SealedSessionsEndpoint.class);
                });
    }

    @Test
    @DisplayName("the sealedsessions endpoint is off by default")
    void endpointWhenNotTurnedOnThenAbsent() {
        web.withPropertyValues(DEMO).run(context -> assertThat(context).doesNotHaveBean(SealedSessionsEndpoint.class));
        web.withPropertyValues(DEMO).withPropertyValues("management.endpoints.web.exposure.include=sealedsessions")
                .run(context -> assertThat(context).doesNotHaveBean(SealedSessionsEndpoint.class));
    }

    @Test
    @DisplayName("turned on and exposed, the endpoint lists one principal's sessions by handle and ends one")
    void endpointWhenTurnedOnThenListsHandlesAndEnds() {
        web.withPropertyValues(DEMO).withPropertyValues("management.endpoint.sealedsessions.access=UNRESTRICTED",
                "management.endpoints.web.exposure.include=sealedsessions").run(context -> {
            SessionManager manager = context.getBean(SessionManager.class);
            Session session = manager.create();
            manager.authenticate(session, "alice");
            manager.save(session);
            SealedSessionsEndpoint endpoint = context.getBean(SealedSessionsEndpoint.class);

            assertThat(endpoint.sessions("alice")).singleElement().satisfies(view -> {
                assertThat(view.handle()).hasSize(22).isNotEqualTo(session.token().revealValue());
                assertThat(view.toString()).doesNotContain(session.token().revealValue());
            });
            String handle = endpoint.sessions("alice").get(0).handle();
            assertThat(endpoint.end("alice", handle)).isTrue();
            assertThat(manager.find(session.token().revealValue())).isEmpty();
            assertThat(endpoint.sessions("alice")).isEmpty();
        });
    }

    @Test
    @DisplayName("the jar carries configuration metadata, so IDEs complete every documented sealedsession property, each described")
    void metadataWhenReadThenEveryPropertyIsDescribed() throws java.io.IOException {
        String metadata = null;
        java.util.Enumeration<java.net.URL> found = SealedSessionProperties.class.getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json");
        while (found.hasMoreElements()) {
            try (java.io.InputStream in = found.nextElement().openStream()) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if (text.contains("\"sealedsession.")) {
                    metadata = text;
                }
            }
        }
        assertThat(metadata).as("this module's metadata").isNotNull();
        java.util.Map<String, String> described = new java.util.TreeMap<>();
        java.util.regex.Matcher entry = java.util.regex.Pattern.compile(
                "\\{[^{}]*\"name\"\\s*:\\s*\"(sealedsession\\.[^\"]+)\"[^{}]*\\}")
                .matcher(metadata.substring(metadata.indexOf("\"properties\""))); // the properties, not their groups
        while (entry.find()) {
            java.util.regex.Matcher description = java.util.regex.Pattern.compile("\"description\"\\s*:\\s*\"([^\"]+)\"")
                    .matcher(entry.group());
            described.put(entry.group(1), description.find() ? description.group(1) : "");
        }
        java.util.List<String> documented = new java.util.ArrayList<>(java.util.List.of("sealedsession.store",
                "sealedsession.token-header", "sealedsession.keyring.location", "sealedsession.keyring.kek-location",
                "sealedsession.keyring.throwaway"));
        for (String redis : java.util.List.of("uri", "client", "namespace", "scripting", "command-timeout", "connect-timeout",
                "username", "password", "truststore", "truststore-password", "keystore", "keystore-password", "keystore-type",
                "allow-plaintext-to-remote-host", "sentinel-username", "sentinel-password", "wait-replicas", "wait-timeout")) {
            documented.add("sealedsession.redis." + redis);
        }
        for (String policy : java.util.List.of("idle-timeout", "absolute-lifetime", "lazy-touch-interval", "renewal-interval",
                "max-sessions-per-principal", "at-cap", "max-record-bytes", "max-attributes")) {
            documented.add("sealedsession.policy." + policy);
        }
        for (String cookie : java.util.List.of("name", "same-site", "path", "domain", "max-age", "http-only", "insecure-plain-http")) {
            documented.add("sealedsession.cookie." + cookie);
        }
        assertThat(described.keySet()).containsExactlyInAnyOrderElementsOf(documented);
        assertThat(described).allSatisfy((name, description) -> assertThat(description).as(name).isNotBlank());
    }

    /** The paths that need a real redis-server. */
    @Nested
    class WithRedis {

        static RedisServer redis;

        @BeforeAll
        static void startRedis() {
            redis = RedisServer.startDefault();
        }

        @AfterAll
        static void stopRedis() {
            redis.close();
        }

        @Test
        @DisplayName("a Redis store is opened from sealedsession.redis.* with today's property names")
        void storeWhenUriIsSetThenRedis() {
            web.withPropertyValues("sealedsession.keyring.throwaway=true", "sealedsession.redis.uri=" + redis.uri(),
                    "sealedsession.redis.namespace=app", "sealedsession.redis.command-timeout=1s").run(context -> {
                assertThat(context.getBean(SessionStore.class)).isInstanceOfSatisfying(RedisSessionStore.class,
                        store -> assertThat(store.namespace()).isEqualTo("app"));
                SessionManager manager = context.getBean(SessionManager.class);
                Session session = manager.create();
                session.setAttribute("cart", "book-42");
                manager.save(session);
                assertThat(manager.find(session.token().revealValue())).hasValueSatisfying(found ->
                        assertThat(found.getAttribute("cart")).isEqualTo("book-42"));
            });
        }

        @Test
        @DisplayName("invariant 11 a Redis that cannot be reached at start-up stops the start with the store's message, password withheld")
        void storeWhenRedisIsDownAtStartThenStartFails() {
            RedisServer stopped = RedisServer.startDefault();
            String uri = "redis://app:hunter2@" + stopped.host() + ":" + stopped.port();
            stopped.close();
            web.withPropertyValues("sealedsession.keyring.throwaway=true", "sealedsession.redis.uri=" + uri,
                    "sealedsession.redis.connect-timeout=PT0.5S").run(context -> {
                java.util.List<Throwable> chain = new java.util.ArrayList<>();
                for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
                    chain.add(t);
                }
                assertThat(chain).anySatisfy(t -> assertThat(t).isInstanceOf(io.sealedsession.core.SessionStoreUnavailableException.class));
                assertThat(chain).allSatisfy(t -> assertThat(String.valueOf(t.getMessage())).doesNotContain("hunter2"));
            });
        }

        @Test
        @DisplayName("a misspelt or invalid Redis setting stops the start naming the property")
        void storeWhenSettingIsInvalidThenStartFails() {
            web.withPropertyValues("sealedsession.keyring.throwaway=true", "sealedsession.redis.uri=" + redis.uri(),
                    "sealedsession.redis.wait-timeout=PT0.1S").run(context ->
                    assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("wait-replicas is not"));
        }

    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

}

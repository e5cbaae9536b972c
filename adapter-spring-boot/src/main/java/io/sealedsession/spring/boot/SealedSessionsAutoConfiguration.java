package io.sealedsession.spring.boot;

import io.sealedsession.core.LoggingSessionEventListener;
import io.sealedsession.core.SessionManager;
import io.sealedsession.core.SessionPolicy;
import io.sealedsession.core.memory.InMemorySessionStore;
import io.sealedsession.core.port.AttributeCodec;
import io.sealedsession.core.port.SessionEventListener;
import io.sealedsession.core.port.SessionSealer;
import io.sealedsession.core.port.SessionStore;
import io.sealedsession.crypto.KeyEncryptionKey;
import io.sealedsession.crypto.SessionKeyring;
import io.sealedsession.redis.RedisSessionStore;
import io.sealedsession.redis.RedisSessionStores;
import io.sealedsession.redis.RedisStoreConfig;
import io.sealedsession.redis.RedisStoreProperties;
import io.sealedsession.servlet.SealedSessionFilter;
import io.sealedsession.servlet.SessionTokenResolver;
import io.sealedsession.spring.boot.internal.ManagerTelemetry;
import io.sealedsession.spring.boot.internal.Settings;
import jakarta.servlet.DispatcherType;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.util.ClassUtils;

/**
 * Sealed sessions from {@code sealedsession.*} properties. Creates, each only when the application
 * defines no bean of that type itself:
 * <ul>
 *   <li>a {@link SessionStore}: Redis from {@code sealedsession.redis.*} through the client adapter
 *       on the class path; the in-memory store only with {@code sealedsession.store=memory};</li>
 *   <li>a {@link SessionKeyring} from {@code sealedsession.keyring.location} and
 *       {@code sealedsession.keyring.kek-location} or a {@link KeyEncryptionKey} bean, and its
 *       {@link SessionSealer}. Without either the application does not start
 *       ({@link KeyringMissingException}), unless {@code sealedsession.keyring.throwaway=true},
 *       which logs a warning;</li>
 *   <li>a {@link SessionPolicy} from {@code sealedsession.policy.*} and the {@link SessionManager},
 *       which uses the application's {@link SessionEventListener} and {@link AttributeCodec} beans
 *       when there are any (the logging listener otherwise); with Micrometer on the class path,
 *       {@link SealedSessionsMetricsAutoConfiguration} adds the event counters after that listener
 *       and observes the manager's store calls;</li>
 *   <li>in a servlet web application, the {@link SealedSessionFilter} (cookie from
 *       {@code sealedsession.cookie.*}, or the header {@code sealedsession.token-header}, or the
 *       application's {@link SessionTokenResolver} bean), registered at {@link #FILTER_ORDER}, ahead
 *       of Spring Security's filter chain, for {@code REQUEST}, {@code ASYNC} and {@code ERROR}
 *       dispatches. The application does not start when Spring Session's filter is present too
 *       ({@link SessionFilterConflictException}).</li>
 * </ul>
 */
@AutoConfiguration
@EnableConfigurationProperties(SealedSessionProperties.class)
public class SealedSessionsAutoConfiguration {

    /**
     * The sealed-session filter's order: ahead of everything that uses the session, Spring
     * Security's filter chain ({@code -100} by default) included.
     */
    public static final int FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 50;

    /** The bean name under which Spring Session registers its filter. */
    static final String SPRING_SESSION_FILTER = "springSessionRepositoryFilter";

    private static final Logger LOG = LoggerFactory.getLogger("io.sealedsession.spring.boot");

    @Bean
    @ConditionalOnMissingBean
    public SessionStore sealedSessionStore(SealedSessionProperties properties) {
        if (properties.getStore() == SealedSessionProperties.StoreType.MEMORY) {
            LOG.warn("sealedsession.store=memory: sessions live in this process only; they are lost when it stops and"
                    + " other instances cannot see them");
            return new InMemorySessionStore();
        }
        RedisStoreConfig config = RedisStoreProperties.bind(properties.getRedis().toStoreProperties());
        return RedisSessionStores.open(config);
    }

    @Bean
    @ConditionalOnMissingBean({SessionKeyring.class, SessionSealer.class})
    public SessionKeyring sealedSessionKeyring(SealedSessionProperties properties,
            ObjectProvider<KeyEncryptionKey> keyEncryptionKeys) {
        SealedSessionProperties.Keyring keyring = properties.getKeyring();
        Path location = keyring.getLocation();
        if (location == null) {
            if (!keyring.isThrowaway()) {
                throw new KeyringMissingException("sealedsession.keyring.location is not set");
            }
            LOG.warn("""

                    ************************************************************************************
                    * sealedsession.keyring.throwaway=true: sessions are sealed with a keyring that     *
                    * exists only in this process. Every session is lost when it stops, and no other    *
                    * instance can read them. Demo mode: never use it in production.                    *
                    ************************************************************************************""");
            return SessionKeyring.generate();
        }
        KeyEncryptionKey kek = keyEncryptionKeys.getIfUnique();
        if (kek == null) {
            Path kekLocation = keyring.getKekLocation();
            if (kekLocation == null) {
                throw new KeyringMissingException("sealedsession.keyring.location is set, but neither"
                        + " sealedsession.keyring.kek-location nor a KeyEncryptionKey bean says how to decrypt it");
            }
            kek = KeyEncryptionKey.fromKeysetFile(kekLocation);
        }
        return SessionKeyring.load(location, kek);
    }

    @Bean
    @ConditionalOnMissingBean
    public SessionSealer sealedSessionSealer(SessionKeyring keyring) {
        return keyring.sealer();
    }

    @Bean
    @ConditionalOnMissingBean
    public SessionPolicy sealedSessionPolicy(SealedSessionProperties properties) {
        return Settings.policy(properties.getPolicy());
    }

    @Bean
    @ConditionalOnMissingBean
    public SessionManager sealedSessionManager(SessionStore store, SessionSealer sealer, SessionPolicy policy,
            SealedSessionProperties properties, ObjectProvider<SessionEventListener> listeners,
            ObjectProvider<AttributeCodec> codecs, ObjectProvider<ManagerTelemetry> telemetries) {
        String namespace = store instanceof RedisSessionStore redis ? redis.namespace() : properties.getRedis().getNamespace();
        ManagerTelemetry telemetry = telemetries.getIfUnique(ManagerTelemetry::none);
        SessionManager.Builder builder = SessionManager.builder(telemetry.observe(store), sealer).namespace(namespace)
                .policy(policy);
        builder.eventListener(telemetry.after(auditListener(listeners, telemetry)));
        codecs.ifUnique(builder::attributeCodec);
        return builder.build();
    }

    /**
     * The application's one event listener (or its primary one), else the logging listener; event
     * counters are never it, they follow it.
     */
    private static SessionEventListener auditListener(ObjectProvider<SessionEventListener> listeners,
            ManagerTelemetry telemetry) {
        SessionEventListener unique = listeners.getIfUnique();
        if (unique != null && !telemetry.counts(unique)) {
            return unique;
        }
        List<SessionEventListener> own = listeners.orderedStream().filter(listener -> !telemetry.counts(listener)).toList();
        return own.size() == 1 ? own.get(0) : new LoggingSessionEventListener();
    }

    /** The filter and its registration, in servlet web applications. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass({jakarta.servlet.Filter.class, FilterRegistrationBean.class})
    public static class FilterConfiguration {

        @Bean
        @ConditionalOnMissingBean
        public SealedSessionFilter sealedSessionFilter(SessionManager manager, SealedSessionProperties properties,
                ObjectProvider<SessionTokenResolver> resolvers) {
            SessionTokenResolver resolver = resolvers.getIfUnique(() -> Settings.tokenResolver(properties));
            return SealedSessionFilter.builder(manager).tokenResolver(resolver).build();
        }

        @Bean
        @ConditionalOnMissingBean(name = "sealedSessionFilterRegistration")
        public FilterRegistrationBean<SealedSessionFilter> sealedSessionFilterRegistration(SealedSessionFilter filter,
                ListableBeanFactory beans) {
            refuseSpringSession(beans);
            FilterRegistrationBean<SealedSessionFilter> registration = new FilterRegistrationBean<>(filter);
            registration.setName("sealedSessionFilter");
            registration.setOrder(FILTER_ORDER);
            registration.setAsyncSupported(true);
            registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
            registration.addUrlPatterns("/*");
            return registration;
        }

        private static void refuseSpringSession(ListableBeanFactory beans) {
            if (beans.containsBean(SPRING_SESSION_FILTER)) {
                throw new SessionFilterConflictException(SPRING_SESSION_FILTER);
            }
            String type = "org.springframework.session.web.http.SessionRepositoryFilter";
            ClassLoader loader = SealedSessionsAutoConfiguration.class.getClassLoader();
            if (ClassUtils.isPresent(type, loader)) {
                String[] names = beans.getBeanNamesForType(ClassUtils.resolveClassName(type, loader), true, false);
                if (names.length > 0) {
                    throw new SessionFilterConflictException(names[0]);
                }
            }
        }
    }
}

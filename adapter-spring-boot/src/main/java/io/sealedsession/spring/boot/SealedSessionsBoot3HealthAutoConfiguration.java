package io.sealedsession.spring.boot;

import io.sealedsession.core.port.SessionStore;
import io.sealedsession.spring.boot.internal.Boot3HealthIndicators;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.ClassUtils;

/**
 * The {@code sealedSessions} health indicator on Spring Boot 3.5 (Boot 3's health API, which Boot
 * 4 replaced): registered under the same bean name as on Boot 4, with Boot 3's
 * {@code HealthIndicator} as its type; off with {@code management.health.sealedsessions.enabled=false}.
 * Skipped on Boot 4, where {@link SealedSessionsHealthAutoConfiguration} applies.
 */
@AutoConfiguration(after = SealedSessionsAutoConfiguration.class)
@ConditionalOnClass(name = Boot3HealthIndicators.INDICATOR)
@ConditionalOnMissingClass("org.springframework.boot.health.contributor.HealthIndicator")
public class SealedSessionsBoot3HealthAutoConfiguration {

    static final String BEAN_NAME = "sealedSessionsHealthIndicator";

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(SessionStore.class)
    @ConditionalOnProperty(name = "management.health.sealedsessions.enabled", matchIfMissing = true)
    @Import(Registrar.class)
    static class Indicator {}

    /** Registers the indicator with Boot 3's interface as its type, which a {@code @Bean} method could not name. */
    static class Registrar implements ImportBeanDefinitionRegistrar, BeanFactoryAware, BeanClassLoaderAware {
        private @Nullable BeanFactory beanFactory;
        private @Nullable ClassLoader classLoader;

        @Override
        public void setBeanFactory(BeanFactory beanFactory) {
            this.beanFactory = beanFactory;
        }

        @Override
        public void setBeanClassLoader(ClassLoader classLoader) {
            this.classLoader = classLoader;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
            if (registry.containsBeanDefinition(BEAN_NAME) || beanFactory == null) {
                return;
            }
            ClassLoader loader = classLoader != null ? classLoader : ClassUtils.getDefaultClassLoader();
            Class<Object> type = (Class<Object>) ClassUtils.resolveClassName(Boot3HealthIndicators.INDICATOR, loader);
            BeanFactory beans = beanFactory;
            registry.registerBeanDefinition(BEAN_NAME, new RootBeanDefinition(type,
                    () -> Boot3HealthIndicators.create(beans.getBean(SessionStore.class), loader)));
        }
    }
}

package io.sealedsession.spring.boot.internal;

import io.sealedsession.core.port.SessionStore;
import java.lang.reflect.InvocationHandler;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * The {@code sealedSessions} health indicator for Spring Boot 3.5, whose health API lives in
 * {@code org.springframework.boot.actuate.health} (Boot 4 moved it). This module compiles against
 * Boot 4, so the Boot 3 indicator is a proxy of Boot 3's {@code HealthIndicator} interface, built
 * only when that interface is on the class path, that calls {@code Health.up()} or
 * {@code Health.down()}, {@code withDetail} and {@code build} by name. Only public Boot 3 methods
 * are called; the check itself is {@link StoreProbe}, as on Boot 4.
 */
public final class Boot3HealthIndicators {

    /** Boot 3's health indicator interface. */
    public static final String INDICATOR = "org.springframework.boot.actuate.health.HealthIndicator";
    private static final String HEALTH = "org.springframework.boot.actuate.health.Health";

    private Boot3HealthIndicators() {}

    /** A Boot 3 {@code HealthIndicator} over {@code store}, from {@code loader}. */
    public static Object create(SessionStore store, ClassLoader loader) {
        try {
            Class<?> indicatorType = Class.forName(INDICATOR, false, loader);
            Class<?> healthType = Class.forName(HEALTH, false, loader);
            Method up = healthType.getMethod("up");
            Method down = healthType.getMethod("down");
            Class<?> builderType = up.getReturnType();
            Method withDetail = builderType.getMethod("withDetail", String.class, Object.class);
            Method build = builderType.getMethod("build");
            StoreProbe probe = new StoreProbe(store);
            InvocationHandler handler = (proxy, method, args) -> {
                if (method.getName().equals("health") && method.getParameterCount() == 0) {
                    StoreProbe.Result result = probe.check();
                    Object builder = (result.up() ? up : down).invoke(null);
                    withDetail.invoke(builder, "store", result.store());
                    if (result.error() != null) {
                        withDetail.invoke(builder, "error", result.error());
                    }
                    return build.invoke(builder);
                }
                if (method.isDefault()) {
                    return InvocationHandler.invokeDefault(proxy, method, args);
                }
                return switch (method.getName()) {
                    case "toString" -> "SealedSessionsHealthIndicator[Boot 3]";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                };
            };
            return Proxy.newProxyInstance(loader, new Class<?>[] {indicatorType}, handler);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            throw new IllegalStateException("Spring Boot 3's health API is not the one this indicator was written for", e);
        }
    }

}

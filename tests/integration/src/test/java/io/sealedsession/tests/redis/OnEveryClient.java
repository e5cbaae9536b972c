package io.sealedsession.tests.redis;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the annotated class once per Redis client on the class path ({@link RedisMatrix#clients()}),
 * the client's name injected into its {@code @Parameter String} field.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedClass(name = "{0}")
@MethodSource("io.sealedsession.tests.redis.RedisMatrix#clients")
public @interface OnEveryClient {}

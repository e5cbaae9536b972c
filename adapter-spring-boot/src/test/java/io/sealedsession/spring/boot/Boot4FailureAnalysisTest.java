package io.sealedsession.spring.boot;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.context.annotation.Configuration;

/** The failure analyses as Spring Boot 4.1 prints them. */
class Boot4FailureAnalysisTest extends FailureAnalysisContract {

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({SealedSessionsAutoConfiguration.class, TomcatServletWebServerAutoConfiguration.class})
    static class Minimal {}

    @Override
    protected Class<?> minimal() {
        return Minimal.class;
    }
}

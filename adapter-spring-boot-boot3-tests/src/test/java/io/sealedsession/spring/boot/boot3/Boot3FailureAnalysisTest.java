package io.sealedsession.spring.boot.boot3;

import io.sealedsession.spring.boot.FailureAnalysisContract;
import io.sealedsession.spring.boot.SealedSessionsAutoConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.context.annotation.Configuration;

/** The failure analyses as Spring Boot 3.5 prints them. */
class Boot3FailureAnalysisTest extends FailureAnalysisContract {

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({SealedSessionsAutoConfiguration.class, ServletWebServerFactoryAutoConfiguration.class})
    static class Minimal {}

    @Override
    protected Class<?> minimal() {
        return Minimal.class;
    }
}

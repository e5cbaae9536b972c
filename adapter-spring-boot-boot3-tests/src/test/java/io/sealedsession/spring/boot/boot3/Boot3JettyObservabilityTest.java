package io.sealedsession.spring.boot.boot3;

import io.sealedsession.spring.boot.sample.ObservabilityContract;

/** The observability tests on Spring Boot 3.5 and Jetty 12.0. */
class Boot3JettyObservabilityTest extends ObservabilityContract {

    @Override
    protected Class<?> container() {
        return Boot3JettySampleApplicationTest.Jetty.class;
    }
}

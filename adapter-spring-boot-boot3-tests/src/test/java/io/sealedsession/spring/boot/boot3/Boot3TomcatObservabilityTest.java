package io.sealedsession.spring.boot.boot3;

import io.sealedsession.spring.boot.sample.ObservabilityContract;

/** The observability tests on Spring Boot 3.5 and Tomcat 10.1: Boot 3's metrics, tracing and health. */
class Boot3TomcatObservabilityTest extends ObservabilityContract {

    @Override
    protected Class<?> container() {
        return Boot3TomcatSampleApplicationTest.Tomcat.class;
    }
}

package io.sealedsession.spring.boot.sample;

/** The observability tests on Jetty. */
class JettyObservabilityTest extends ObservabilityContract {

    @Override
    protected Class<?> container() {
        return JettySampleApplicationTest.Jetty.class;
    }
}

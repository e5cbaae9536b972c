package io.sealedsession.spring.boot.sample;

/** The observability tests on Tomcat. */
class TomcatObservabilityTest extends ObservabilityContract {

    @Override
    protected Class<?> container() {
        return TomcatSampleApplicationTest.Tomcat.class;
    }
}

package io.sealedsession.spring.boot.sample;

/** {@code oauth2Login()} end to end on Tomcat. */
class TomcatOAuth2LoginTest extends OAuth2LoginContract {

    @Override
    protected Class<?> container() {
        return TomcatSampleApplicationTest.Tomcat.class;
    }
}

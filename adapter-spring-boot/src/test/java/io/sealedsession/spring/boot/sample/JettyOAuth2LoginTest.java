package io.sealedsession.spring.boot.sample;

/** {@code oauth2Login()} end to end on Jetty. */
class JettyOAuth2LoginTest extends OAuth2LoginContract {

    @Override
    protected Class<?> container() {
        return JettySampleApplicationTest.Jetty.class;
    }
}

package io.sealedsession.spring.boot.boot3;

import io.sealedsession.spring.boot.sample.OAuth2LoginContract;

/** {@code oauth2Login()} end to end on Spring Boot 3.5 and Jetty 12.0. */
class Boot3JettyOAuth2LoginTest extends OAuth2LoginContract {

    @Override
    protected Class<?> container() {
        return Boot3JettySampleApplicationTest.Jetty.class;
    }
}

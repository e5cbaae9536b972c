package io.sealedsession.spring.boot.boot3;

import io.sealedsession.spring.boot.sample.OAuth2LoginContract;

/** {@code oauth2Login()} end to end on Spring Boot 3.5, Spring Security 6.5 and Tomcat 10.1. */
class Boot3TomcatOAuth2LoginTest extends OAuth2LoginContract {

    @Override
    protected Class<?> container() {
        return Boot3TomcatSampleApplicationTest.Tomcat.class;
    }
}

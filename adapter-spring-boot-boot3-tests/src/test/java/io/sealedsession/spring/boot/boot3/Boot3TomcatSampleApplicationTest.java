package io.sealedsession.spring.boot.boot3;

import io.sealedsession.spring.boot.sample.SampleApplicationContract;
import io.sealedsession.spring.boot.sample.app.SampleApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The sample application on Spring Boot 3.5, Spring Security 6.5 and Tomcat 10.1. */
@SpringBootTest(classes = {SampleApplication.class, Boot3TomcatSampleApplicationTest.Tomcat.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class Boot3TomcatSampleApplicationTest extends SampleApplicationContract {

    @Override
    protected Class<?> container() {
        return Tomcat.class;
    }

    @Configuration(proxyBeanMethods = false)
    static class Tomcat {
        @Bean
        TomcatServletWebServerFactory tomcat() {
            return new TomcatServletWebServerFactory();
        }
    }
}

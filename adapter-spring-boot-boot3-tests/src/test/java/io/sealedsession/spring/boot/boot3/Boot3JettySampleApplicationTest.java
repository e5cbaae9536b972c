package io.sealedsession.spring.boot.boot3;

import io.sealedsession.spring.boot.sample.SampleApplicationContract;
import io.sealedsession.spring.boot.sample.app.SampleApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.embedded.jetty.JettyServletWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The sample application on Spring Boot 3.5, Spring Security 6.5 and Jetty 12.0. */
@SpringBootTest(classes = {SampleApplication.class, Boot3JettySampleApplicationTest.Jetty.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class Boot3JettySampleApplicationTest extends SampleApplicationContract {

    @Override
    protected Class<?> container() {
        return Jetty.class;
    }

    @Configuration(proxyBeanMethods = false)
    static class Jetty {
        @Bean
        JettyServletWebServerFactory jetty() {
            return new JettyServletWebServerFactory();
        }
    }
}

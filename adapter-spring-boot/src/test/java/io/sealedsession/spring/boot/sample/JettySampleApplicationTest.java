package io.sealedsession.spring.boot.sample;

import io.sealedsession.spring.boot.sample.app.SampleApplication;

import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@SpringBootTest(classes = {SampleApplication.class, JettySampleApplicationTest.Jetty.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JettySampleApplicationTest extends SampleApplicationContract {

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

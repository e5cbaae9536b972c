package io.sealedsession.spring.boot.sample;

import io.sealedsession.spring.boot.sample.app.SampleApplication;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@SpringBootTest(classes = {SampleApplication.class, TomcatSampleApplicationTest.Tomcat.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TomcatSampleApplicationTest extends SampleApplicationContract {

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

/**
 * Spring Boot auto-configuration and Spring Security integration for sealed sessions.
 *
 * <p>Exported: {@code io.sealedsession.spring.boot} and {@code io.sealedsession.spring.boot.security};
 * the {@code internal} package is not exported. Spring's jars are automatic modules; Spring Boot
 * applications run on the class path, where this descriptor only fixes the module's name and API.
 * Spring reads the configuration classes reflectively, hence the {@code opens}. Actuator, the
 * health API, Micrometer and OAuth2 are optional, as they are at run time.
 */
module io.sealedsession.spring.boot {
    requires transitive io.sealedsession.core;
    requires transitive io.sealedsession.crypto;
    requires transitive io.sealedsession.redis;
    requires transitive io.sealedsession.servlet;
    requires transitive spring.boot;
    requires transitive spring.boot.autoconfigure;
    requires transitive spring.context;
    requires spring.beans;
    requires spring.core;
    requires spring.boot.servlet;
    requires jakarta.servlet;
    requires org.slf4j;
    requires static org.jspecify;
    requires static spring.web;
    requires static spring.security.core;
    requires static spring.security.config;
    requires static spring.security.web;
    requires static spring.security.oauth2.core;
    requires static spring.security.oauth2.client;
    requires static spring.boot.actuator;
    requires static spring.boot.health;
    requires static spring.boot.actuator.autoconfigure;
    requires static io.sealedsession.micrometer;
    requires static micrometer.core;
    requires static micrometer.observation;

    exports io.sealedsession.spring.boot;
    exports io.sealedsession.spring.boot.security;

    opens io.sealedsession.spring.boot;
    opens io.sealedsession.spring.boot.security;
}

package io.sealedsession.spring.boot.sample.oauth2;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A second sample application: sign-in through an OpenID Connect provider with Spring
 * Security's {@code oauth2Login()}, configured from {@code spring.security.oauth2.client.*}
 * properties as any Boot application would be, and nothing of sealed sessions beyond the
 * dependency and {@code sealedsession.*} properties.
 */
@SpringBootApplication
public class OAuth2SampleApplication {

    @Bean
    SecurityFilterChain web(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests.requestMatchers("/error").permitAll().anyRequest().authenticated())
                .oauth2Login(Customizer.withDefaults())
                .logout(Customizer.withDefaults());
        return http.build();
    }

    /** Pages that read what sign-in put in the session. */
    @RestController
    static class Pages {

        @GetMapping("/")
        String hello(Authentication authentication) {
            String via = authentication instanceof OAuth2AuthenticationToken oauth2
                    ? oauth2.getAuthorizedClientRegistrationId() : authentication.getClass().getSimpleName();
            return "hello " + authentication.getName() + " via " + via;
        }

        @GetMapping("/me")
        String me(@AuthenticationPrincipal OidcUser user) {
            return user.getEmail() + " from " + user.getIdToken().getIssuer() + " " + user.getAuthorities().stream()
                    .map(Object::toString).filter(a -> a.startsWith("SCOPE_")).sorted().toList();
        }
    }
}

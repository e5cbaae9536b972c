package io.sealedsession.spring.boot.sample.app;

import jakarta.servlet.http.HttpSession;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The sample application: an ordinary Spring Boot and Spring Security application (form login,
 * CSRF on, at most two sessions per user, Actuator for administrators only) that knows nothing of
 * sealed sessions beyond the dependency and {@code sealedsession.*} properties.
 */
@SpringBootApplication
public class SampleApplication {

    /** The users and their passwords; the tests sign in with these. */
    public static final List<String> USERS = List.of("alice", "bob", "carol", "dave", "erin");

    /** The one user who may use the Actuator endpoints. */
    public static final String ADMIN = "root";

    public static String passwordOf(String user) {
        return user + "-sample-password";
    }

    @Bean
    SecurityFilterChain web(HttpSecurity http,
            @Value("${sample.max-sessions-prevents-login:false}") boolean maxSessionsPreventsLogin) throws Exception {
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/login", "/error", "/actuator/health").permitAll()
                        .requestMatchers("/actuator/**").hasRole("ADMIN")
                        .anyRequest().authenticated())
                .formLogin(Customizer.withDefaults())
                .logout(Customizer.withDefaults())
                .sessionManagement(sessions -> sessions.maximumSessions(2).maxSessionsPreventsLogin(maxSessionsPreventsLogin));
        return http.build();
    }

    @Bean
    UserDetailsService users() {
        InMemoryUserDetailsManager users = new InMemoryUserDetailsManager();
        for (String name : USERS) {
            users.createUser(User.withUsername(name).password("{noop}" + passwordOf(name)).roles("USER").build());
        }
        users.createUser(User.withUsername(ADMIN).password("{noop}" + passwordOf(ADMIN)).roles("USER", "ADMIN").build());
        return users;
    }

    /** A page that reads the session and one that writes to it. */
    @RestController
    static class CartController {

        @GetMapping("/")
        String hello(Principal principal) {
            return "hello " + principal.getName();
        }

        @GetMapping("/cart")
        String cart(HttpSession session) {
            return "cart " + session.getAttribute("cart");
        }

        @PostMapping("/cart")
        String add(HttpSession session, @RequestParam String item) {
            List<Object> cart = new ArrayList<>();
            if (session.getAttribute("cart") instanceof List<?> stored) {
                cart.addAll(stored);
            }
            cart.add(item);
            session.setAttribute("cart", cart);
            return "cart " + cart;
        }
    }
}

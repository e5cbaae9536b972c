package io.sealedsession.spring.boot.internal;

import java.security.Principal;
import org.springframework.security.core.AuthenticatedPrincipal;
import org.springframework.security.core.userdetails.UserDetails;

/** The principal name Spring Security's {@code Authentication.getName()} would give for a principal object. */
public final class Principals {

    private Principals() {}

    public static String nameOf(Object principal) {
        if (principal instanceof UserDetails user) {
            return user.getUsername();
        }
        if (principal instanceof AuthenticatedPrincipal authenticated) {
            return authenticated.getName();
        }
        if (principal instanceof Principal javaPrincipal) {
            return javaPrincipal.getName();
        }
        return String.valueOf(principal);
    }
}

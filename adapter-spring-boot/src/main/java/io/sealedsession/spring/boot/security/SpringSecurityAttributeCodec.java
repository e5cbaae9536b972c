package io.sealedsession.spring.boot.security;

import io.sealedsession.core.AttributeNotEncodableException;
import io.sealedsession.core.RecordFormatException;
import io.sealedsession.core.port.AttributeCodec;
import io.sealedsession.spring.boot.internal.AuthenticationCodec;
import io.sealedsession.spring.boot.internal.OAuth2AuthorizationRequests;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AccountExpiredException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.CredentialsExpiredException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.authentication.session.SessionAuthenticationException;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.DefaultCsrfToken;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.security.web.savedrequest.SimpleSavedRequest;
import org.springframework.util.ClassUtils;

/**
 * An {@link AttributeCodec} for the objects Spring Security itself puts in the session, on top of
 * another codec for everything else (the built-in one by default). Each is stored as a map of
 * built-in types and rebuilt from an allow-list; no class is named in what is stored, none is
 * loaded by name, and nothing is deserialized:
 * <ul>
 *   <li>{@link CsrfToken}: header name, parameter name and value; rebuilt as a
 *       {@link DefaultCsrfToken};</li>
 *   <li>{@link SavedRequest} (the page to return to after sign-in): its redirect URL only; rebuilt
 *       as a {@link SimpleSavedRequest}, so the original request's headers and parameters are not
 *       replayed;</li>
 *   <li>{@link AuthenticationException} (the last failed sign-in, which the login page shows): its
 *       message and one of the common kinds (bad credentials, locked, disabled, expired account or
 *       credentials, session limit); any other kind comes back as an
 *       {@link AuthenticationServiceException} with the same message;</li>
 *   <li>{@link SecurityContext}: its authentication through the same allow-list as
 *       {@link SealedSecurityContextRepository};</li>
 *   <li>with OAuth2 on the class path, the authorization request {@code oauth2Login()} keeps
 *       while the browser is at the provider ({@code OAuth2AuthorizationRequest}, authorization-code
 *       grant): its URIs, client id, scopes, state, parameters and attributes (nonce, PKCE
 *       verifier) as strings.</li>
 * </ul>
 *
 * <p>Values of other types go to the wrapped codec unchanged, so an application with a codec of
 * its own wraps it: {@code new SpringSecurityAttributeCodec(myCodec)}. Thread-safe.
 */
public final class SpringSecurityAttributeCodec implements AttributeCodec {

    /** First byte of a value this codec encoded itself; the built-in codec's values start with 1. */
    private static final byte MARKER = 'S';

    /** Whether Spring Security's OAuth2 core is there; {@link OAuth2AuthorizationRequests} is loaded only then. */
    private static final boolean OAUTH2_PRESENT = ClassUtils.isPresent(
            "org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest",
            SpringSecurityAttributeCodec.class.getClassLoader());

    private final AttributeCodec next;

    /** Over {@code next}, which encodes every value that is not one of Spring Security's. */
    public SpringSecurityAttributeCodec(AttributeCodec next) {
        this.next = Objects.requireNonNull(next, "next");
    }

    @Override
    public byte[] encode(String name, @Nullable Object value) {
        Map<String, Object> form = springForm(value);
        if (form == null) {
            byte[] encoded = next.encode(name, value);
            if (encoded.length > 0 && encoded[0] == MARKER) {
                throw new AttributeNotEncodableException("attribute '" + name + "': the wrapped codec's encoding starts with"
                        + " the byte this codec reserves for Spring Security values");
            }
            return encoded;
        }
        byte[] body = AttributeCodec.builtIn().encode(name, form);
        byte[] out = new byte[body.length + 1];
        out[0] = MARKER;
        System.arraycopy(body, 0, out, 1, body.length);
        return out;
    }

    @Override
    public @Nullable Object decode(String name, byte[] bytes) {
        if (bytes.length == 0 || bytes[0] != MARKER) {
            return next.decode(name, bytes);
        }
        Object form = AttributeCodec.builtIn().decode(name, Arrays.copyOfRange(bytes, 1, bytes.length));
        if (!(form instanceof Map<?, ?> map) || !(map.get("kind") instanceof String kind)) {
            throw new RecordFormatException("attribute '" + name + "' is not a Spring Security value this codec wrote");
        }
        Object value = switch (kind) {
            case "csrf" -> map.get("header") instanceof String header && map.get("parameter") instanceof String parameter
                    && map.get("token") instanceof String token ? new DefaultCsrfToken(header, parameter, token) : null;
            case "saved-request" -> map.get("url") instanceof String url ? new SimpleSavedRequest(url) : null;
            case "authentication-error" -> map.get("error") instanceof String error
                    ? authenticationError(error, map.get("message") instanceof String message ? message : "") : null;
            case "oauth2-authorization-request" -> OAUTH2_PRESENT ? OAuth2AuthorizationRequests.decode(map) : null;
            case "security-context" -> {
                Authentication authentication = AuthenticationCodec.decode(map.get("authentication"));
                yield authentication == null ? null : new SecurityContextImpl(authentication);
            }
            default -> null;
        };
        if (value == null) {
            throw new RecordFormatException("attribute '" + name + "' holds a Spring Security value of kind '" + kind
                    + "' that this version cannot rebuild");
        }
        return value;
    }

    private static @Nullable Map<String, Object> springForm(@Nullable Object value) {
        Map<String, Object> form = new LinkedHashMap<>();
        if (value instanceof CsrfToken csrf) {
            form.put("kind", "csrf");
            form.put("header", csrf.getHeaderName());
            form.put("parameter", csrf.getParameterName());
            form.put("token", csrf.getToken());
        } else if (value instanceof SavedRequest saved) {
            form.put("kind", "saved-request");
            form.put("url", saved.getRedirectUrl());
        } else if (value instanceof AuthenticationException error) {
            form.put("kind", "authentication-error");
            form.put("error", errorKind(error));
            form.put("message", String.valueOf(error.getMessage()));
        } else if (value instanceof SecurityContext context) {
            form.put("kind", "security-context");
            Authentication authentication = context.getAuthentication();
            if (authentication == null) {
                return null;
            }
            form.put("authentication", AuthenticationCodec.encode(authentication));
        } else {
            Map<String, Object> request = OAUTH2_PRESENT ? OAuth2AuthorizationRequests.encode(value) : null;
            if (request == null) {
                return null;
            }
            form.put("kind", "oauth2-authorization-request");
            form.putAll(request);
        }
        return form;
    }

    private static String errorKind(AuthenticationException error) {
        if (error instanceof BadCredentialsException) {
            return "bad-credentials";
        } else if (error instanceof LockedException) {
            return "locked";
        } else if (error instanceof DisabledException) {
            return "disabled";
        } else if (error instanceof AccountExpiredException) {
            return "account-expired";
        } else if (error instanceof CredentialsExpiredException) {
            return "credentials-expired";
        } else if (error instanceof SessionAuthenticationException) {
            return "session-limit";
        }
        return "other";
    }

    private static AuthenticationException authenticationError(String kind, String message) {
        return switch (kind) {
            case "bad-credentials" -> new BadCredentialsException(message);
            case "locked" -> new LockedException(message);
            case "disabled" -> new DisabledException(message);
            case "account-expired" -> new AccountExpiredException(message);
            case "credentials-expired" -> new CredentialsExpiredException(message);
            case "session-limit" -> new SessionAuthenticationException(message);
            default -> new AuthenticationServiceException(message);
        };
    }
}

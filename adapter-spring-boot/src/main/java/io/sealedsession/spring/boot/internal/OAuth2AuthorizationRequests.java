package io.sealedsession.spring.boot.internal;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.util.ReflectionUtils;

/**
 * The authorization request that {@code oauth2Login()} keeps in the session between the redirect
 * to the provider and the provider's answer, as built-in types. Only the authorization-code grant
 * exists for it (the one sign-in uses); its state, nonce and PKCE verifier stay in the sealed
 * session as strings. In a class of its own so that nothing of OAuth2 is loaded when it is not
 * on the class path: callers check that it is first.
 */
public final class OAuth2AuthorizationRequests {

    private OAuth2AuthorizationRequests() {}

    /** The request's fields, or null when {@code value} is not an authorization-code request. */
    public static @Nullable Map<String, Object> encode(@Nullable Object value) {
        if (!(value instanceof OAuth2AuthorizationRequest request)
                || !AuthorizationGrantType.AUTHORIZATION_CODE.equals(request.getGrantType())) {
            return null;
        }
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("authorization-uri", request.getAuthorizationUri());
        form.put("client-id", request.getClientId());
        putIfPresent(form, "redirect-uri", request.getRedirectUri());
        form.put("scopes", new ArrayList<>(request.getScopes()));
        putIfPresent(form, "state", request.getState());
        form.put("parameters", AuthenticationCodec.builtIn(request.getAdditionalParameters(), "authorization request parameters"));
        form.put("attributes", AuthenticationCodec.builtIn(request.getAttributes(), "authorization request attributes"));
        form.put("request-uri", request.getAuthorizationRequestUri());
        return form;
    }

    /** The request {@link #encode} stored, or null when {@code form} lacks a field it must have. */
    public static @Nullable Object decode(Map<?, ?> form) {
        if (!(form.get("authorization-uri") instanceof String authorizationUri)
                || !(form.get("client-id") instanceof String clientId)
                || !(form.get("request-uri") instanceof String requestUri)
                || !(form.get("scopes") instanceof List<?> scopes)) {
            return null;
        }
        LinkedHashSet<String> scopeSet = new LinkedHashSet<>();
        scopes.forEach(scope -> scopeSet.add(String.valueOf(scope)));
        Object builder = OAuth2AuthorizationRequest.authorizationCode();
        call(builder, "authorizationUri", String.class, authorizationUri);
        call(builder, "clientId", String.class, clientId);
        call(builder, "redirectUri", String.class, form.get("redirect-uri") instanceof String redirect ? redirect : null);
        call(builder, "scopes", Set.class, scopeSet);
        call(builder, "state", String.class, form.get("state") instanceof String state ? state : null);
        call(builder, "additionalParameters", Map.class, AuthenticationCodec.stringMap(form.get("parameters")));
        call(builder, "attributes", Map.class, AuthenticationCodec.stringMap(form.get("attributes")));
        call(builder, "authorizationRequestUri", String.class, requestUri);
        return call(builder, "build", null, null);
    }

    /**
     * Calls one method of the request's builder by its name. Spring Security 7 moved the builder's
     * methods to a superclass with another return type, so a call compiled against one line would
     * not link on the other; found by name and parameter type, each runs on 6.5 and 7 alike.
     */
    private static @Nullable Object call(Object builder, String name, @Nullable Class<?> parameter, @Nullable Object argument) {
        Method method = parameter == null ? ReflectionUtils.findMethod(builder.getClass(), name)
                : ReflectionUtils.findMethod(builder.getClass(), name, parameter);
        if (method == null) {
            throw new IllegalStateException("OAuth2AuthorizationRequest's builder has no method " + name);
        }
        ReflectionUtils.makeAccessible(method);
        return parameter == null ? ReflectionUtils.invokeMethod(method, builder)
                : ReflectionUtils.invokeMethod(method, builder, argument);
    }

    private static void putIfPresent(Map<String, Object> form, String key, @Nullable String value) {
        if (value != null) {
            form.put(key, value);
        }
    }
}

package io.sealedsession.spring.boot.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;

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
        return OAuth2AuthorizationRequest.authorizationCode()
                .authorizationUri(authorizationUri)
                .clientId(clientId)
                .redirectUri(form.get("redirect-uri") instanceof String redirect ? redirect : null)
                .scopes(scopeSet)
                .state(form.get("state") instanceof String state ? state : null)
                .additionalParameters(AuthenticationCodec.stringMap(form.get("parameters")))
                .attributes(AuthenticationCodec.stringMap(form.get("attributes")))
                .authorizationRequestUri(requestUri)
                .build();
    }

    private static void putIfPresent(Map<String, Object> form, String key, @Nullable String value) {
        if (value != null) {
            form.put(key, value);
        }
    }
}

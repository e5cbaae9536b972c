package io.sealedsession.spring.boot.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.core.user.DefaultOAuth2User;
import org.springframework.security.oauth2.core.user.OAuth2User;

/**
 * The OAuth2 part of {@link AuthenticationCodec}, in a class of its own so that nothing of
 * Spring Security's OAuth2 client is loaded when it is not on the class path.
 */
final class OAuth2Authentications {

    private OAuth2Authentications() {}

    static boolean handles(Authentication authentication) {
        return authentication instanceof OAuth2AuthenticationToken;
    }

    static void encode(Authentication authentication, Map<String, Object> out) {
        OAuth2AuthenticationToken token = (OAuth2AuthenticationToken) authentication;
        OAuth2User user = token.getPrincipal();
        out.put("registration", token.getAuthorizedClientRegistrationId());
        out.put("name-attribute", nameAttribute(user));
        if (user instanceof OidcUser oidc) {
            OidcIdToken idToken = oidc.getIdToken();
            out.put("id-token", idToken.getTokenValue());
            putIfPresent(out, "id-token-issued-at", idToken.getIssuedAt());
            putIfPresent(out, "id-token-expires-at", idToken.getExpiresAt());
            out.put("id-token-claims", AuthenticationCodec.builtIn(idToken.getClaims(), "ID token claims"));
            if (oidc.getUserInfo() != null) {
                out.put("user-info", AuthenticationCodec.builtIn(oidc.getUserInfo().getClaims(), "user info"));
            }
        } else {
            out.put("attributes", AuthenticationCodec.builtIn(user.getAttributes(), "OAuth2 user attributes"));
        }
    }

    static @Nullable Authentication decode(Map<?, ?> stored, List<GrantedAuthority> authorities) {
        if (!(stored.get("registration") instanceof String registration)
                || !(stored.get("name-attribute") instanceof String nameAttribute)) {
            return null;
        }
        OAuth2User user;
        if (stored.get("id-token") instanceof String tokenValue) {
            OidcIdToken idToken = new OidcIdToken(tokenValue, instant(stored.get("id-token-issued-at")),
                    instant(stored.get("id-token-expires-at")), AuthenticationCodec.stringMap(stored.get("id-token-claims")));
            OidcUserInfo userInfo = stored.get("user-info") instanceof Map<?, ?>
                    ? new OidcUserInfo(AuthenticationCodec.stringMap(stored.get("user-info"))) : null;
            user = new DefaultOidcUser(authorities, idToken, userInfo, nameAttribute);
        } else {
            user = new DefaultOAuth2User(authorities, AuthenticationCodec.stringMap(stored.get("attributes")), nameAttribute);
        }
        return new OAuth2AuthenticationToken(user, authorities, registration);
    }

    /** The attribute that holds the user's name: DefaultOAuth2User does not expose the key it was built with. */
    private static String nameAttribute(OAuth2User user) {
        Map<String, Object> attributes = user.getAttributes();
        for (String preferred : List.of("sub", "id", "login", "preferred_username", "email", "name")) {
            if (attributes.containsKey(preferred) && Objects.equals(String.valueOf(attributes.get(preferred)), user.getName())) {
                return preferred;
            }
        }
        for (Map.Entry<String, Object> entry : attributes.entrySet()) {
            if (Objects.equals(String.valueOf(entry.getValue()), user.getName())) {
                return entry.getKey();
            }
        }
        throw new io.sealedsession.core.AttributeNotEncodableException("no attribute of the OAuth2 user holds its name,"
                + " so the user could not be rebuilt from the sealed session");
    }

    private static void putIfPresent(Map<String, Object> out, String key, @Nullable Instant value) {
        if (value != null) {
            out.put(key, value);
        }
    }

    private static @Nullable Instant instant(@Nullable Object value) {
        return value instanceof Instant instant ? instant : null;
    }
}

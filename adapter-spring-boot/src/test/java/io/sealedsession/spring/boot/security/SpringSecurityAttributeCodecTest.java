package io.sealedsession.spring.boot.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedsession.core.AttributeNotEncodableException;
import io.sealedsession.core.RecordFormatException;
import io.sealedsession.core.port.AttributeCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.core.user.DefaultOAuth2User;
import org.springframework.security.oauth2.core.user.OAuth2User;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.DefaultCsrfToken;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.security.web.savedrequest.SimpleSavedRequest;

class SpringSecurityAttributeCodecTest {

    private final SpringSecurityAttributeCodec codec = new SpringSecurityAttributeCodec(AttributeCodec.builtIn());

    private Object roundTrip(Object value) {
        return codec.decode("a", codec.encode("a", value));
    }

    @Test
    @DisplayName("D5 a form login's context comes back as the same name, authorities and UserDetails principal, without Java serialization")
    void decodeWhenFormLoginContextThenSameUser() {
        UserDetails user = User.withUsername("alice").password("{noop}secret").roles("USER", "ADMIN").build();
        SecurityContext context = new SecurityContextImpl(
                UsernamePasswordAuthenticationToken.authenticated(user, "secret", user.getAuthorities()));

        byte[] encoded = codec.encode("ctx", context);
        Object decoded = codec.decode("ctx", encoded);

        assertThat(new String(encoded, StandardCharsets.ISO_8859_1)).doesNotContain("org.springframework").doesNotContain("secret");
        assertThat(encoded).doesNotContain((byte) 0xAC, (byte) 0xED);
        assertThat(decoded).isInstanceOfSatisfying(SecurityContext.class, back -> {
            Authentication authentication = back.getAuthentication();
            assertThat(authentication).isInstanceOf(UsernamePasswordAuthenticationToken.class);
            assertThat(authentication.isAuthenticated()).isTrue();
            assertThat(authentication.getName()).isEqualTo("alice");
            assertThat(authentication.getCredentials()).isNull();
            assertThat(AuthorityUtils.authorityListToSet(authentication.getAuthorities())).containsExactlyInAnyOrder("ROLE_USER", "ROLE_ADMIN");
            assertThat(authentication.getPrincipal()).isInstanceOfSatisfying(UserDetails.class,
                    p -> assertThat(p.getUsername()).isEqualTo("alice"));
        });
    }

    @Test
    @DisplayName("the authorization request oauth2Login keeps while the browser is at the provider comes back whole, state, nonce and PKCE verifier included")
    void decodeWhenOAuth2AuthorizationRequestThenSameRequest() {
        OAuth2AuthorizationRequest request = OAuth2AuthorizationRequest.authorizationCode()
                .authorizationUri("https://id.example.test/authorize").clientId("app-client")
                .redirectUri("https://app.example.test/login/oauth2/code/idp").scopes(Set.of("openid", "email"))
                .state("state-value-1").additionalParameters(Map.of("nonce", "nonce-hash", "code_challenge", "challenge",
                        "code_challenge_method", "S256"))
                .attributes(Map.of("registration_id", "idp", "nonce", "raw-nonce", "code_verifier", "verifier"))
                .authorizationRequestUri("https://id.example.test/authorize?response_type=code&client_id=app-client")
                .build();

        byte[] encoded = codec.encode("request", request);
        Object decoded = codec.decode("request", encoded);

        assertThat(new String(encoded, StandardCharsets.ISO_8859_1)).doesNotContain("org.springframework");
        assertThat(encoded).doesNotContain((byte) 0xAC, (byte) 0xED);
        assertThat(decoded).isInstanceOfSatisfying(OAuth2AuthorizationRequest.class, back -> {
            assertThat(back.getGrantType()).isEqualTo(AuthorizationGrantType.AUTHORIZATION_CODE);
            assertThat(back.getResponseType()).isEqualTo(request.getResponseType());
            assertThat(back.getAuthorizationUri()).isEqualTo(request.getAuthorizationUri());
            assertThat(back.getClientId()).isEqualTo("app-client");
            assertThat(back.getRedirectUri()).isEqualTo(request.getRedirectUri());
            assertThat(back.getScopes()).containsExactlyInAnyOrder("openid", "email");
            assertThat(back.getState()).isEqualTo("state-value-1");
            assertThat(back.getAdditionalParameters()).isEqualTo(request.getAdditionalParameters());
            assertThat(back.getAttributes()).isEqualTo(request.getAttributes());
            assertThat(back.getAuthorizationRequestUri()).isEqualTo(request.getAuthorizationRequestUri());
        });
    }

    @Test
    @DisplayName("an oauth2Login user comes back with its registration, name and attributes as built-in types")
    void decodeWhenOAuth2UserThenSameAttributes() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("id", 4711);
        attributes.put("login", "octocat");
        attributes.put("blog", URI.create("https://example.org/"));
        attributes.put("orgs", List.of("a", "b"));
        OAuth2User user = new DefaultOAuth2User(AuthorityUtils.createAuthorityList("OAUTH2_USER", "SCOPE_read"), attributes, "login");

        Object decoded = roundTrip(new SecurityContextImpl(new OAuth2AuthenticationToken(user, user.getAuthorities(), "github")));

        OAuth2AuthenticationToken token = (OAuth2AuthenticationToken) ((SecurityContext) decoded).getAuthentication();
        assertThat(token.getAuthorizedClientRegistrationId()).isEqualTo("github");
        assertThat(token.getName()).isEqualTo("octocat");
        assertThat(token.getPrincipal().getAttributes()).containsEntry("id", 4711).containsEntry("blog", "https://example.org/")
                .containsEntry("orgs", List.of("a", "b"));
        assertThat(AuthorityUtils.authorityListToSet(token.getAuthorities())).containsExactlyInAnyOrder("OAUTH2_USER", "SCOPE_read");
    }

    @Test
    @DisplayName("an OpenID Connect user comes back with its ID token and claims")
    void decodeWhenOidcUserThenSameIdToken() {
        Instant issued = Instant.parse("2026-01-01T10:00:00Z");
        OidcIdToken idToken = new OidcIdToken("header.payload.signature", issued, issued.plusSeconds(300),
                Map.of("sub", "user-1", "iss", "https://issuer.example", "email", "u@example.org"));
        OidcUser user = new DefaultOidcUser(AuthorityUtils.createAuthorityList("OIDC_USER"), idToken);

        Object decoded = roundTrip(new SecurityContextImpl(new OAuth2AuthenticationToken(user, user.getAuthorities(), "idp")));

        OAuth2AuthenticationToken token = (OAuth2AuthenticationToken) ((SecurityContext) decoded).getAuthentication();
        assertThat(token.getPrincipal()).isInstanceOfSatisfying(OidcUser.class, oidc -> {
            assertThat(oidc.getName()).isEqualTo("user-1");
            assertThat(oidc.getIdToken().getTokenValue()).isEqualTo("header.payload.signature");
            assertThat(oidc.getIdToken().getIssuedAt()).isEqualTo(issued);
            assertThat(oidc.getEmail()).isEqualTo("u@example.org");
            assertThat(oidc.getIssuer().toString()).isEqualTo("https://issuer.example");
        });
    }

    @Test
    @DisplayName("Spring Security's CSRF token, saved request and last sign-in error are stored as plain values")
    void decodeWhenSpringSessionObjectsThenRebuilt() {
        CsrfToken csrf = new DefaultCsrfToken("X-CSRF-TOKEN", "_csrf", "token-value");
        assertThat(roundTrip(csrf)).isInstanceOfSatisfying(CsrfToken.class, back -> {
            assertThat(back.getHeaderName()).isEqualTo("X-CSRF-TOKEN");
            assertThat(back.getParameterName()).isEqualTo("_csrf");
            assertThat(back.getToken()).isEqualTo("token-value");
        });
        SavedRequest saved = new SimpleSavedRequest("https://app.example/cart?x=1");
        assertThat(roundTrip(saved)).isInstanceOfSatisfying(SavedRequest.class,
                back -> assertThat(back.getRedirectUrl()).isEqualTo("https://app.example/cart?x=1"));
        assertThat(roundTrip(new BadCredentialsException("Bad credentials"))).isInstanceOfSatisfying(BadCredentialsException.class,
                back -> assertThat(back).hasMessage("Bad credentials"));
        assertThat(roundTrip(new LockedException("locked"))).isInstanceOf(LockedException.class);
    }

    @Test
    @DisplayName("values that are not Spring Security's go to the wrapped codec unchanged")
    void encodeWhenOrdinaryValueThenWrappedCodecsBytes() {
        assertThat(codec.encode("cart", List.of("book-42"))).isEqualTo(AttributeCodec.builtIn().encode("cart", List.of("book-42")));
        assertThat(roundTrip(List.of("book-42"))).isEqualTo(List.of("book-42"));
    }

    @Test
    @DisplayName("an authentication of a type outside the allow-list is refused with its class name")
    void encodeWhenUnknownAuthenticationThenRefused() {
        TestingAuthenticationToken unknown = new TestingAuthenticationToken("mallory", null, "ROLE_USER");
        assertThatThrownBy(() -> codec.encode("ctx", new SecurityContextImpl(unknown)))
                .isInstanceOf(AttributeNotEncodableException.class).hasMessageContaining(TestingAuthenticationToken.class.getName());
    }

    @Test
    @DisplayName("D5 Java-serialized bytes, unknown kinds and cut values are refused as format errors, never loaded")
    void decodeWhenBytesAreForeignThenFormatError() throws IOException {
        ByteArrayOutputStream serialized = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(serialized)) {
            out.writeObject(new SecurityContextImpl());
        }
        assertThatThrownBy(() -> codec.decode("ctx", serialized.toByteArray())).isInstanceOf(RecordFormatException.class);

        byte[] unknownKind = codec.encode("ctx", new DefaultCsrfToken("h", "p", "t"));
        String text = new String(unknownKind, StandardCharsets.ISO_8859_1).replace("csrf", "jndi");
        assertThatThrownBy(() -> codec.decode("ctx", text.getBytes(StandardCharsets.ISO_8859_1)))
                .isInstanceOf(RecordFormatException.class).hasMessageContaining("jndi");

        for (int length = 1; length < unknownKind.length; length++) {
            byte[] cut = java.util.Arrays.copyOf(unknownKind, length);
            assertThatThrownBy(() -> codec.decode("ctx", cut)).isInstanceOf(RecordFormatException.class);
        }
    }
}

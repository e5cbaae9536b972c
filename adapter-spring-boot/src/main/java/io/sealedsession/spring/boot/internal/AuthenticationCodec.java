package io.sealedsession.spring.boot.internal;

import io.sealedsession.core.AttributeNotEncodableException;
import java.net.URI;
import java.net.URL;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;
import org.springframework.util.ClassUtils;

/**
 * The allow-listed codec of the security context: an {@link Authentication} of a known type
 * becomes a map of built-in attribute types (strings, lists, maps, instants, numbers) and is
 * rebuilt from it. No class is named in what is stored and none is loaded by name when reading:
 * the {@code type} entry selects one of the rebuilders below, and anything else reads as "not
 * signed in".
 *
 * <p>Kept: the name, the authorities (as their strings), whether the principal was a
 * {@code UserDetails}, and for OAuth2 the registration id, the user's attributes and, for OpenID
 * Connect, the ID token. Not kept: credentials (Spring erases them after sign-in anyway), the
 * details object (remote address, session id at sign-in), and any type-specific state of custom
 * {@code GrantedAuthority} or {@code UserDetails} classes.
 */
public final class AuthenticationCodec {

    static final int VERSION = 1;
    static final String PASSWORD = "password";
    static final String PRE_AUTHENTICATED = "pre-authenticated";
    static final String OAUTH2 = "oauth2";

    private static final boolean OAUTH2_PRESENT = ClassUtils.isPresent(
            "org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken",
            AuthenticationCodec.class.getClassLoader());

    private AuthenticationCodec() {}

    /**
     * The stored form of {@code authentication}.
     *
     * @throws AttributeNotEncodableException when its type is not one this codec knows, naming it
     */
    public static Map<String, Object> encode(Authentication authentication) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("v", VERSION);
        out.put("name", authentication.getName());
        out.put("authorities", authorityNames(authentication.getAuthorities()));
        if (authentication instanceof UsernamePasswordAuthenticationToken) {
            out.put("type", PASSWORD);
            out.put("user", authentication.getPrincipal() instanceof UserDetails);
        } else if (authentication instanceof PreAuthenticatedAuthenticationToken) {
            out.put("type", PRE_AUTHENTICATED);
            out.put("user", authentication.getPrincipal() instanceof UserDetails);
        } else if (OAUTH2_PRESENT && OAuth2Authentications.handles(authentication)) {
            out.put("type", OAUTH2);
            OAuth2Authentications.encode(authentication, out);
        } else {
            throw new AttributeNotEncodableException("the security context holds a " + authentication.getClass().getName()
                    + ", which the sealed security context does not store; supported are UsernamePasswordAuthenticationToken"
                    + " (form login, HTTP Basic), PreAuthenticatedAuthenticationToken and OAuth2AuthenticationToken"
                    + " (oauth2Login)");
        }
        return out;
    }

    /** The authentication {@code stored} describes; null when it is not a form this codec wrote. */
    public static @Nullable Authentication decode(@Nullable Object stored) {
        if (!(stored instanceof Map<?, ?> map) || !Integer.valueOf(VERSION).equals(map.get("v"))
                || !(map.get("name") instanceof String name) || !(map.get("type") instanceof String type)) {
            return null;
        }
        List<GrantedAuthority> authorities = new ArrayList<>();
        if (map.get("authorities") instanceof List<?> names) {
            for (Object authority : names) {
                if (authority instanceof String text) {
                    authorities.add(new SimpleGrantedAuthority(text));
                }
            }
        }
        boolean user = Boolean.TRUE.equals(map.get("user"));
        Object principal = user ? User.withUsername(name).password("").authorities(authorities).build() : name;
        return switch (type) {
            case PASSWORD -> UsernamePasswordAuthenticationToken.authenticated(principal, null, authorities);
            case PRE_AUTHENTICATED -> new PreAuthenticatedAuthenticationToken(principal, null, authorities);
            case OAUTH2 -> OAUTH2_PRESENT ? OAuth2Authentications.decode(map, authorities) : null;
            default -> null;
        };
    }

    static List<String> authorityNames(Collection<? extends GrantedAuthority> authorities) {
        List<String> names = new ArrayList<>();
        for (GrantedAuthority authority : authorities) {
            if (authority.getAuthority() != null) {
                names.add(authority.getAuthority());
            }
        }
        return names;
    }

    /**
     * {@code value} as built-in attribute types: URLs and URIs as text, other numbers as
     * {@code Long} or {@code Double}, collections as lists.
     *
     * @throws AttributeNotEncodableException for any other type, naming where it was found
     */
    static @Nullable Object builtIn(@Nullable Object value, String where) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long || value instanceof Double || value instanceof Instant) {
            return value;
        }
        if (value instanceof URL || value instanceof URI) {
            return value.toString();
        }
        if (value instanceof Short || value instanceof Byte || value instanceof BigInteger) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float || value instanceof BigDecimal) {
            return ((Number) value).doubleValue();
        }
        if (value instanceof Collection<?> collection) {
            List<Object> list = new ArrayList<>();
            int i = 0;
            for (Object item : collection) {
                list.add(builtIn(item, where + "[" + i++ + "]"));
            }
            return list;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = String.valueOf(entry.getKey());
                copy.put(key, builtIn(entry.getValue(), where + "." + key));
            }
            return copy;
        }
        throw new AttributeNotEncodableException("the security context's " + where + " holds a "
                + value.getClass().getName() + ", which is not a string, number, boolean, instant, URL, list or map");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> stringMap(@Nullable Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            return new LinkedHashMap<>();
        }
        return new LinkedHashMap<>((Map<String, Object>) map);
    }
}

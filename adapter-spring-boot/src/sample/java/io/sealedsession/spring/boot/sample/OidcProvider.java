package io.sealedsession.spring.boot.sample;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A small OpenID Connect provider for the tests, on the loopback interface: discovery, JWKS, an
 * authorization endpoint that signs the one configured user in at once (no page, no consent) and
 * a token endpoint that trades the code for an ID token signed with an RSA key generated at start.
 * Confidential client with {@code client_secret_basic}; each code is good once.
 */
public final class OidcProvider implements AutoCloseable {

    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private final HttpServer server;
    private final KeyPair key;
    private final String keyId = "test-key-1";
    private final String clientId;
    private final String clientSecret;
    private final String subject;
    private final String email;
    private final SecureRandom random = new SecureRandom();
    /** Code to the nonce of the authorization request it answered. */
    private final Map<String, String> codes = new ConcurrentHashMap<>();
    private final AtomicInteger tokensIssued = new AtomicInteger();

    private OidcProvider(String clientId, String subject, String email) {
        this.clientId = clientId;
        this.subject = subject;
        this.email = email;
        byte[] secret = new byte[24];
        random.nextBytes(secret);
        this.clientSecret = URL.encodeToString(secret);
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, random);
            this.key = generator.generateKeyPair();
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/.well-known/openid-configuration", this::discovery);
        server.createContext("/jwks", this::jwks);
        server.createContext("/authorize", this::authorize);
        server.createContext("/token", this::token);
        server.start();
    }

    /** Starts a provider that signs {@code subject} (with {@code email}) in for {@code clientId}. */
    public static OidcProvider start(String clientId, String subject, String email) {
        return new OidcProvider(clientId, subject, email);
    }

    public String issuer() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
    }

    public String clientId() {
        return clientId;
    }

    public String clientSecret() {
        return clientSecret;
    }

    /** How many ID tokens the token endpoint has issued. */
    public int tokensIssued() {
        return tokensIssued.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void discovery(HttpExchange exchange) throws IOException {
        String issuer = issuer();
        json(exchange, 200, "{\"issuer\":\"" + issuer + "\","
                + "\"authorization_endpoint\":\"" + issuer + "/authorize\","
                + "\"token_endpoint\":\"" + issuer + "/token\","
                + "\"jwks_uri\":\"" + issuer + "/jwks\","
                + "\"response_types_supported\":[\"code\"],"
                + "\"subject_types_supported\":[\"public\"],"
                + "\"id_token_signing_alg_values_supported\":[\"RS256\"],"
                + "\"token_endpoint_auth_methods_supported\":[\"client_secret_basic\"],"
                + "\"grant_types_supported\":[\"authorization_code\"],"
                + "\"scopes_supported\":[\"openid\",\"email\"]}");
    }

    private void jwks(HttpExchange exchange) throws IOException {
        RSAPublicKey publicKey = (RSAPublicKey) key.getPublic();
        json(exchange, 200, "{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"" + keyId + "\","
                + "\"n\":\"" + unsigned(publicKey.getModulus()) + "\",\"e\":\"" + unsigned(publicKey.getPublicExponent()) + "\"}]}");
    }

    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
        String redirect = query.get("redirect_uri");
        if (!"code".equals(query.get("response_type")) || !clientId.equals(query.get("client_id")) || redirect == null) {
            json(exchange, 400, "{\"error\":\"invalid_request\"}");
            return;
        }
        String code = randomValue();
        codes.put(code, query.getOrDefault("nonce", ""));
        String location = redirect + (redirect.contains("?") ? "&" : "?") + "code=" + code
                + (query.containsKey("state") ? "&state=" + URLEncoder.encode(query.get("state"), StandardCharsets.UTF_8) : "");
        exchange.getResponseHeaders().add("Location", location);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private void token(HttpExchange exchange) throws IOException {
        String expected = "Basic " + Base64.getEncoder().encodeToString((URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                + ":" + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        if (!"POST".equals(exchange.getRequestMethod())
                || !expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            json(exchange, 401, "{\"error\":\"invalid_client\"}");
            return;
        }
        Map<String, String> body = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String nonce = body.get("code") == null ? null : codes.remove(body.get("code"));
        if (!"authorization_code".equals(body.get("grant_type")) || nonce == null) {
            json(exchange, 400, "{\"error\":\"invalid_grant\"}");
            return;
        }
        long now = Instant.now().getEpochSecond();
        String idToken = idToken("{\"iss\":\"" + issuer() + "\",\"sub\":\"" + subject + "\",\"aud\":\"" + clientId + "\","
                + "\"iat\":" + now + ",\"exp\":" + (now + 300) + ",\"auth_time\":" + now + ","
                + (nonce.isEmpty() ? "" : "\"nonce\":\"" + nonce + "\",")
                + "\"email\":\"" + email + "\",\"email_verified\":true}");
        tokensIssued.incrementAndGet();
        json(exchange, 200, "{\"access_token\":\"" + randomValue() + "\",\"token_type\":\"Bearer\",\"expires_in\":300,"
                + "\"scope\":\"openid email\",\"id_token\":\"" + idToken + "\"}");
    }

    private String idToken(String claims) {
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + keyId + "\"}";
        String signingInput = URL.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + URL.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key.getPrivate());
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + URL.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private String randomValue() {
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        return URL.encodeToString(bytes);
    }

    private static String unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        int skip = bytes.length > 1 && bytes[0] == 0 ? 1 : 0;
        byte[] trimmed = new byte[bytes.length - skip];
        System.arraycopy(bytes, skip, trimmed, 0, trimmed.length);
        return URL.encodeToString(trimmed);
    }

    private static Map<String, String> form(@Nullable String encoded) {
        Map<String, String> values = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return values;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            values.put(name, value);
        }
        return values;
    }

    private static void json(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json;charset=UTF-8");
        exchange.getResponseHeaders().add("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}

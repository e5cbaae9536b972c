package io.sealedsession.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One client of the reference app, as a browser would be: it keeps the {@code __Host-SID} cookie
 * by hand, because {@link java.net.CookieManager} would not send a {@code Secure} cookie over
 * {@code http://}, which browsers do for loopback addresses. It also remembers the CSRF token the
 * API hands out and sends it with POST and DELETE unless a test says otherwise.
 */
final class ApiClient {

    static final String COOKIE = "__Host-SID";

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final URI base;
    private final String userAgent;
    private @Nullable String cookie;
    private @Nullable String csrf;

    ApiClient(URI base, String userAgent) {
        this.base = base;
        this.userAgent = userAgent;
    }

    /** The HTTP answer as the client received it. */
    record Reply(int status, HttpHeaders headers, String body) {
        JsonElement json() {
            return JsonParser.parseString(body);
        }

        JsonObject object() {
            return json().getAsJsonObject();
        }

        JsonArray array() {
            return json().getAsJsonArray();
        }

        String error() {
            return object().get("error").getAsString();
        }

        /** The {@code Set-Cookie} header for the session cookie, if the response had one. */
        Optional<String> sessionCookieHeader() {
            return headers.allValues("set-cookie").stream().filter(value -> value.startsWith(COOKIE + "=")).findFirst();
        }

        String header(String name) {
            return headers.firstValue(name).orElse("");
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    /** The cookie value this client holds, or null. */
    @Nullable String cookie() {
        return cookie;
    }

    /** Makes this client present another cookie value, as an attacker replaying an old one would. */
    void useCookie(@Nullable String value) {
        this.cookie = value;
    }

    @Nullable String csrf() {
        return csrf;
    }

    void useCsrf(@Nullable String value) {
        this.csrf = value;
    }

    /** GET /api/session, remembering the CSRF token. */
    JsonObject session() {
        Reply reply = get("/api/session");
        assertThat(reply.status()).as("GET /api/session: %s", reply).isEqualTo(200);
        JsonObject body = reply.object();
        csrf = body.get("csrf").getAsString();
        return body;
    }

    /** Starts a session when needed and signs in; asserts that it worked. */
    Reply signIn(String user, String password) {
        if (csrf == null) {
            session();
        }
        Reply reply = login(user, password);
        assertThat(reply.status()).as("sign-in of %s: %s", user, reply).isEqualTo(200);
        return reply;
    }

    Reply login(String user, String password) {
        JsonObject body = new JsonObject();
        body.addProperty("user", user);
        body.addProperty("password", password);
        Reply reply = post("/api/login", body.toString());
        if (reply.status() == 200) {
            csrf = reply.object().get("csrf").getAsString();
        }
        return reply;
    }

    Reply get(String path) {
        return send("GET", path, null, null);
    }

    Reply post(String path, @Nullable String body) {
        return send("POST", path, body, csrf);
    }

    Reply delete(String path) {
        return send("DELETE", path, null, csrf);
    }

    Reply send(String method, String path, @Nullable String body, @Nullable String csrfHeader) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(20))
                .header("User-Agent", userAgent)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (cookie != null) {
            request.header("Cookie", COOKIE + "=" + cookie);
        }
        if (csrfHeader != null) {
            request.header("X-CSRF-Token", csrfHeader);
        }
        HttpResponse<String> response;
        try {
            response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        Reply reply = new Reply(response.statusCode(), response.headers(), response.body());
        reply.sessionCookieHeader().ifPresent(this::accept);
        return reply;
    }

    /** Keeps or drops the cookie as a browser does: {@code Max-Age=0} deletes it. */
    private void accept(String setCookie) {
        List<String> parts = List.of(setCookie.split(";"));
        String value = parts.get(0).substring(COOKIE.length() + 1);
        boolean expired = parts.stream().map(part -> part.trim().toLowerCase(Locale.ROOT)).anyMatch(part -> part.equals("max-age=0"));
        cookie = expired || value.isEmpty() ? null : value;
    }
}

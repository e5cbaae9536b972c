package io.sealedsession.spring.boot.sample;

import io.sealedsession.spring.boot.sample.app.SampleApplication;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A small HTTP client that keeps cookies as a browser would for one site (the tests run over
 * plain HTTP against localhost, so it also sends {@code Secure} cookies, which a browser would
 * only send over HTTPS) and never follows redirects, so each step can be checked.
 */
public final class Browser {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private final List<URI> visited = new ArrayList<>();
    private int port;

    public Browser(int port) {
        this.port = port;
    }

    /** Points the browser at another instance of the application; its cookies go along. */
    public Browser at(int newPort) {
        this.port = newPort;
        return this;
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    public HttpResponse<String> post(String path, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /**
     * Follows {@code response}'s redirects as a browser would, wherever they lead (this
     * application, another instance or another server), and returns the first answer that is not
     * a redirect.
     */
    public HttpResponse<String> follow(HttpResponse<String> response) {
        HttpResponse<String> current = response;
        for (int hops = 0; current.statusCode() / 100 == 3; hops++) {
            if (hops == 10) {
                throw new AssertionError("more than 10 redirects; the last to " + current.headers().firstValue("Location"));
            }
            String location = current.headers().firstValue("Location")
                    .orElseThrow(() -> new AssertionError("a redirect without Location"));
            current = send(HttpRequest.newBuilder(current.request().uri().resolve(location)).GET());
        }
        return current;
    }

    /** Every address this browser asked for, in order. */
    public List<URI> visited() {
        return List.copyOf(visited);
    }

    /** A DELETE, with the CSRF token in Spring Security's header. */
    public HttpResponse<String> delete(String path, String csrf) {
        return send(HttpRequest.newBuilder(uri(path)).header("X-CSRF-TOKEN", csrf).DELETE());
    }

    /** Loads the login page and signs in with the user's password; returns the answer to the form. */
    public HttpResponse<String> signIn(String user) {
        return signIn(user, SampleApplication.passwordOf(user));
    }

    public HttpResponse<String> signIn(String user, String password) {
        String csrf = csrfFrom(get("/login"));
        return post("/login", Map.of("username", user, "password", password, "_csrf", csrf));
    }

    /** Signs out through the logout page's form, as a browser would. */
    public HttpResponse<String> signOut() {
        String csrf = csrfFrom(get("/logout"));
        return post("/logout", Map.of("_csrf", csrf));
    }

    /** The CSRF token from a page's form. */
    public static String csrfFrom(HttpResponse<String> page) {
        Matcher m = CSRF.matcher(page.body());
        if (!m.find()) {
            throw new AssertionError("no _csrf field in the page (status " + page.statusCode() + "): " + page.body());
        }
        return m.group(1);
    }

    public @Nullable String cookie(String name) {
        return cookies.get(name);
    }

    public void setCookie(String name, String value) {
        cookies.put(name, value);
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        try {
            HttpRequest built = request.build();
            visited.add(built.uri());
            HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
            for (String header : response.headers().allValues("Set-Cookie")) {
                remember(header);
            }
            return response;
        } catch (IOException e) {
            throw new AssertionError("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private void remember(String setCookie) {
        String pair = setCookie.split(";", 2)[0];
        int eq = pair.indexOf('=');
        String name = pair.substring(0, eq).trim();
        String value = pair.substring(eq + 1).trim();
        boolean expired = List.of(setCookie.toLowerCase().split(";\\s*")).contains("max-age=0");
        if (expired || value.isEmpty()) {
            cookies.remove(name);
        } else {
            cookies.put(name, value);
        }
    }
}

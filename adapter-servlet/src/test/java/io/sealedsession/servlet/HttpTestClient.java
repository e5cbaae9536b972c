package io.sealedsession.servlet;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A plain {@link HttpClient} without a cookie jar, so every test states exactly which cookie or
 * header it sends and reads exactly what came back. Redirects are not followed.
 */
final class HttpTestClient {

    /** What the client received. */
    record Reply(int status, HttpHeaders headers, String body) {

        List<String> setCookies() {
            return headers.allValues("Set-Cookie");
        }

        Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        /** The value of the cookie {@code name} that this reply sets, if it sets one. */
        Optional<String> cookie(String name) {
            return setCookies().stream()
                    .filter(header -> header.startsWith(name + "="))
                    .map(header -> header.substring(name.length() + 1, header.indexOf(';') < 0 ? header.length() : header.indexOf(';')))
                    .findFirst();
        }
    }

    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final URI base;

    HttpTestClient(URI base) {
        this.base = base;
    }

    /**
     * Sends a GET.
     *
     * @param headers header names and values, alternating
     */
    Reply get(String pathAndQuery, String... headers) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request(pathAndQuery, headers), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.headers(), response.body());
    }

    /** Sends a GET without waiting for it; the reply arrives in full. */
    CompletableFuture<Reply> getAsync(String pathAndQuery, String... headers) {
        return http.sendAsync(request(pathAndQuery, headers), HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> new Reply(response.statusCode(), response.headers(), response.body()));
    }

    /** Sends a GET whose future completes as soon as the headers arrive; the body streams. */
    CompletableFuture<HttpResponse<InputStream>> stream(String pathAndQuery, String... headers) {
        return http.sendAsync(request(pathAndQuery, headers), HttpResponse.BodyHandlers.ofInputStream());
    }

    private HttpRequest request(String pathAndQuery, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .timeout(Duration.ofSeconds(30))
                .GET();
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder.build();
    }
}

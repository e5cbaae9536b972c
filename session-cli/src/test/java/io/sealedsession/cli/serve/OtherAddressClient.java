package io.sealedsession.cli.serve;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * A client that connects from another loopback address (127.0.0.2, which Linux routes to the
 * loopback interface like 127.0.0.1), so that the app sees a second client address. The JDK's
 * {@code HttpClient} cannot choose its local address on Java 17, so this speaks HTTP/1.0 over a
 * socket: one request per connection, no chunked replies. It keeps the session cookie and CSRF
 * token as {@link ApiClient} does.
 */
final class OtherAddressClient {

    /** What came back: the status, the Retry-After header if any, and the body. */
    record Reply(int status, @Nullable String retryAfter, String body) {
        String error() {
            return JsonParser.parseString(body).getAsJsonObject().get("error").getAsString();
        }
    }

    private final URI base;
    private final InetAddress local;
    private @Nullable String cookie;
    private @Nullable String csrf;

    OtherAddressClient(URI base, String localAddress) throws IOException {
        this.base = base;
        this.local = InetAddress.getByName(localAddress);
    }

    Reply login(String user, String password) {
        if (csrf == null) {
            Reply session = send("GET", "/api/session", null);
            csrf = JsonParser.parseString(session.body()).getAsJsonObject().get("csrf").getAsString();
        }
        JsonObject body = new JsonObject();
        body.addProperty("user", user);
        body.addProperty("password", password);
        Reply reply = send("POST", "/api/login", body.toString());
        if (reply.status() == 200) {
            csrf = JsonParser.parseString(reply.body()).getAsJsonObject().get("csrf").getAsString();
        }
        return reply;
    }

    private Reply send(String method, String path, @Nullable String body) {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(local, 0));
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
            socket.setSoTimeout(20_000);
            byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.0\r\nHost: " + base.getHost() + "\r\n");
            if (cookie != null) {
                request.append("Cookie: ").append(ApiClient.COOKIE).append('=').append(cookie).append("\r\n");
            }
            if (csrf != null && !method.equals("GET")) {
                request.append("X-CSRF-Token: ").append(csrf).append("\r\n");
            }
            if (body != null) {
                request.append("Content-Type: application/json\r\nContent-Length: ").append(payload.length).append("\r\n");
            }
            request.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(payload);
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int end = response.indexOf("\r\n\r\n");
            String[] head = response.substring(0, end).split("\r\n");
            int status = Integer.parseInt(head[0].split(" ")[1]);
            String retryAfter = null;
            for (String line : head) {
                String lower = line.toLowerCase(java.util.Locale.ROOT);
                if (lower.startsWith("retry-after:")) {
                    retryAfter = line.substring(line.indexOf(':') + 1).strip();
                } else if (lower.startsWith("set-cookie: " + ApiClient.COOKIE.toLowerCase(java.util.Locale.ROOT) + "=")) {
                    String value = line.substring(line.indexOf('=') + 1, line.indexOf(';'));
                    cookie = value.isEmpty() ? null : value;
                }
            }
            return new Reply(status, retryAfter, response.substring(end + 4));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " from " + local.getHostAddress() + " failed", e);
        }
    }
}

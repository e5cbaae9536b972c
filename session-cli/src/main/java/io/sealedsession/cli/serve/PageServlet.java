package io.sealedsession.cli.serve;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;

/**
 * Serves the page for people: {@code /} (HTML), {@code /app.js} and {@code /app.css}, read once
 * from the jar. Nothing else is served: other paths get 404, and no request here touches the
 * session, so loading the page costs the store nothing.
 */
final class PageServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private record Resource(byte[] bytes, String contentType) {}

    private final transient Map<String, Resource> resources = Map.of(
            "/", load("index.html", "text/html; charset=utf-8"),
            "/app.js", load("app.js", "text/javascript; charset=utf-8"),
            "/app.css", load("app.css", "text/css; charset=utf-8"));

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        SecurityHeaders.apply(response, SecurityHeaders.PAGE_POLICY);
        String path = Objects.requireNonNullElse(request.getServletPath(), "")
                + Objects.requireNonNullElse(request.getPathInfo(), "");
        Resource resource = resources.get(path.isEmpty() ? "/" : path);
        if (resource == null) {
            response.setStatus(404);
            response.setContentType("text/plain; charset=utf-8");
            response.getWriter().write("not found\n");
            return;
        }
        // Always revalidated, so a new jar's page never runs against an old script.
        response.setHeader("Cache-Control", "no-cache");
        response.setContentType(resource.contentType());
        response.setContentLength(resource.bytes().length);
        response.getOutputStream().write(resource.bytes());
    }

    private static Resource load(String name, String contentType) {
        try (InputStream in = PageServlet.class.getResourceAsStream("web/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the jar has no resource web/" + name + " next to " + PageServlet.class.getName());
            }
            return new Resource(in.readAllBytes(), contentType);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the page resource " + name, e);
        }
    }
}

package io.sealedsession.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * H1: the error page {@code serve} installs shows the status and nothing of what failed, where
 * Jetty's own page prints a "CAUSED BY" row with the exception's class and message although
 * stacks are off. A servlet that throws reaches the page; the API's own errors never do.
 */
class QuietErrorHandlerTest {

    /** Fails the way a bug would, with a message and a cause that must stay inside. */
    private static final class FailingServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) {
            throw new IllegalStateException("internal detail 7f3a", new java.io.IOException("inner cause b41c"));
        }
    }

    @Test
    @DisplayName("H1: a servlet that throws gets a page with the status only, in HTML, plain text and JSON")
    void errorPageShowsNoCause() throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.setErrorHandler(new QuietErrorHandler());
        context.addServlet(new ServletHolder(new FailingServlet()), "/*");
        server.setHandler(context);
        server.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            URI uri = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/boom");
            for (String accept : List.of("text/html", "text/plain", "application/json")) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).header("Accept", accept).build(),
                        HttpResponse.BodyHandlers.ofString());

                assertThat(response.statusCode()).isEqualTo(500);
                assertThat(response.body()).as(accept).contains("500")
                        .doesNotContain("IllegalStateException").doesNotContain("IOException")
                        .doesNotContain("internal detail 7f3a").doesNotContain("inner cause b41c")
                        .doesNotContainIgnoringCase("caused by").doesNotContain("FailingServlet").doesNotContain("/boom");
            }
        } finally {
            server.stop();
        }
    }
}

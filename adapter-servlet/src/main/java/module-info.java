/**
 * A Jakarta Servlet filter that backs {@code HttpSession} with the {@code SessionManager}.
 *
 * <p>Exported: {@code io.sealedsession.servlet}; the {@code internal} package is not exported.
 * The Servlet API is provided by the container.
 */
module io.sealedsession.servlet {
    requires transitive io.sealedsession.core;
    requires transitive jakarta.servlet;
    requires org.slf4j;
    requires static org.jspecify;

    exports io.sealedsession.servlet;
}

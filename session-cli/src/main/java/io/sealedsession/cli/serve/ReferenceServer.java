package io.sealedsession.cli.serve;

import io.sealedsession.core.SessionManager;
import io.sealedsession.core.port.SessionStore;
import io.sealedsession.core.throttle.SignInThrottle;
import io.sealedsession.servlet.CookieSettings;
import io.sealedsession.servlet.SealedSessionFilter;
import jakarta.servlet.DispatcherType;
import java.net.InetAddress;
import java.net.URI;
import java.util.EnumSet;
import java.util.Objects;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.jspecify.annotations.Nullable;

/**
 * The reference app running in embedded Jetty 12 (ee10): the {@link SealedSessionFilter} in front
 * of everything, {@code /api/*} for programs and {@code /} for people. Jetty's own session
 * manager is not installed, so the only sessions are sealed ones.
 *
 * <p>Closing it stops Jetty, then closes the store it was given (a Redis connection), in that
 * order so no request is cut off from its store. Thread-safe; {@link #close()} is idempotent.
 */
public final class ReferenceServer implements AutoCloseable {

    private final Server server;
    private final URI uri;
    private final @Nullable AutoCloseable store;
    private final SessionStore sessions;
    private final UserDirectory users;

    private ReferenceServer(Server server, URI uri, @Nullable AutoCloseable store, SessionStore sessions, UserDirectory users) {
        this.server = server;
        this.uri = uri;
        this.store = store;
        this.sessions = sessions;
        this.users = users;
    }

    /**
     * Starts Jetty on {@code bind:port} ({@code port} 0 picks a free port).
     *
     * @param sessions the store the manager uses, for inspection
     * @param store what to close after Jetty stops, or null when nothing needs closing
     * @throws Exception when Jetty cannot start, typically because the port is taken
     */
    static ReferenceServer start(InetAddress bind, int port, SessionManager manager, CookieSettings cookies,
            UserDirectory users, SignInThrottle throttle, SessionStore sessions, @Nullable AutoCloseable store)
            throws Exception {
        Objects.requireNonNull(manager, "manager");
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("session-cli-http");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(bind.getHostAddress());
        connector.setPort(port);
        server.addConnector(connector);
        // Errors outside the context (a request Jetty cannot parse) show their status only, too.
        ErrorHandler serverErrors = new ErrorHandler();
        serverErrors.setShowStacks(false);
        serverErrors.setShowCauses(false);
        serverErrors.setShowMessageInTitle(false);
        server.setErrorHandler(serverErrors);

        ServletContextHandler context = new ServletContextHandler("/");
        context.setErrorHandler(new QuietErrorHandler());

        FilterHolder filter = new FilterHolder(SealedSessionFilter.builder(manager).cookieSettings(cookies).build());
        filter.setName("sealed-sessions");
        filter.setAsyncSupported(true);
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR));
        context.addServlet(new ServletHolder("api", new ApiServlet(users, throttle)), "/api/*");
        context.addServlet(new ServletHolder("page", new PageServlet()), "/");
        server.setHandler(context);
        server.setStopTimeout(2_000);
        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            throw e;
        }
        String host = bind.getHostAddress().contains(":") ? "[" + bind.getHostAddress() + "]" : bind.getHostAddress();
        return new ReferenceServer(server, URI.create("http://" + host + ":" + connector.getLocalPort() + "/"), store,
                sessions, users);
    }

    /** Where the app listens, such as {@code http://127.0.0.1:8080/}. */
    public URI uri() {
        return uri;
    }

    /** The session store, for tests that look at what it holds. */
    SessionStore sessionStore() {
        return sessions;
    }

    /** The users, for tests that count password checks. */
    UserDirectory users() {
        return users;
    }

    /** Waits until the server stops. */
    public void join() throws InterruptedException {
        server.join();
    }

    @Override
    public synchronized void close() {
        try {
            if (!server.isStopped()) {
                server.stop();
            }
        } catch (Exception e) {
            throw new IllegalStateException("Jetty did not stop cleanly", e);
        } finally {
            closeStore();
        }
    }

    private void closeStore() {
        if (store == null) {
            return;
        }
        try {
            store.close();
        } catch (Exception e) {
            throw new IllegalStateException("the session store did not close cleanly", e);
        }
    }

    @Override
    public String toString() {
        return "ReferenceServer[" + uri + "]";
    }
}

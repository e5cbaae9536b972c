package io.sealedsession.servlet;

import java.net.URI;
import java.util.List;

/**
 * Runs a {@link TestApp} in one kind of servlet container; the only container-specific part of the
 * tests. The end-to-end suites run on each of {@link #all()}.
 */
interface ServletContainer {

    /** Every container the end-to-end suites run in: Jetty 12 (ee10) and Tomcat 11. */
    static List<ServletContainer> all() {
        return List.of(new JettyContainer(), new TomcatContainer());
    }

    /** Starts the app on a free port of 127.0.0.1. */
    Running start(TestApp app) throws Exception;

    /** A started app. */
    interface Running extends AutoCloseable {

        /** The app's root, such as {@code http://127.0.0.1:41234}, without a trailing slash. */
        URI baseUri();

        /** Stops the container; failures are unchecked. */
        @Override
        void close();
    }
}

package io.sealedsession.servlet;

import java.net.URI;

/** Runs a {@link TestApp} in one kind of servlet container; the only container-specific part of the tests. */
interface ServletContainer {

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

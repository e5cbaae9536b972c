/**
 * The domain of Sealed Sessions: the session model, its policies, the {@code SessionManager} API
 * and the ports a store, a sealer, a codec or an audit listener implements.
 *
 * <p>Exported: {@code io.sealedsession.core} (the API), {@code io.sealedsession.core.port} (the
 * ports) and {@code io.sealedsession.core.memory} (the reference in-memory store). The
 * {@code internal} package is not exported and may change in any release.
 */
module io.sealedsession.core {
    requires transitive org.slf4j;
    requires static transitive org.jspecify;

    exports io.sealedsession.core;
    exports io.sealedsession.core.port;
    exports io.sealedsession.core.memory;
    exports io.sealedsession.core.throttle;
}

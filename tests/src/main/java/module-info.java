/**
 * The contract test kit that every session store runs, and the {@code redis-server} fixtures it
 * runs on.
 *
 * <p>Exported: {@code io.sealedsession.tests.kit} (the kit) and {@code io.sealedsession.tests.redis}
 * (servers, Cluster and Sentinel set-ups, TLS material made at run time).
 */
module io.sealedsession.tests {
    requires transitive io.sealedsession.core;
    requires transitive io.sealedsession.crypto;
    requires transitive io.sealedsession.redis;
    requires transitive org.junit.jupiter.api;
    requires transitive org.assertj.core;
    requires static org.jspecify;

    exports io.sealedsession.tests.kit;
    exports io.sealedsession.tests.redis;

    // JUnit reads the kit's test methods reflectively when a store's subclass runs on the module path.
    opens io.sealedsession.tests.kit to org.junit.platform.commons;
}

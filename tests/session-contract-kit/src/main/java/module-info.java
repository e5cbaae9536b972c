/**
 * The contract test kit that every session store runs: the port's rules, then the session
 * manager on the store with real sealing, every life-cycle interleaving forced step by step.
 *
 * <p>A store's tests depend on this module and subclass
 * {@link io.sealedsession.tests.kit.SessionStoreContract}.
 */
module io.sealedsession.tests.kit {
    requires transitive io.sealedsession.core;
    requires transitive io.sealedsession.crypto;
    requires transitive org.junit.jupiter.api;
    requires transitive org.assertj.core;
    requires static org.jspecify;

    exports io.sealedsession.tests.kit;

    // JUnit reads the kit's test methods reflectively when a store's subclass runs on the module path.
    opens io.sealedsession.tests.kit to org.junit.platform.commons;
}

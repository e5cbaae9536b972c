/**
 * Micrometer metrics and observations of the session store and the audit events.
 *
 * <p>Exported: {@code io.sealedsession.micrometer}; the {@code internal} package is not exported.
 * Micrometer's jars are automatic modules.
 */
module io.sealedsession.micrometer {
    requires transitive io.sealedsession.core;
    requires transitive micrometer.core;
    requires transitive micrometer.observation;
    requires static org.jspecify;

    exports io.sealedsession.micrometer;
}

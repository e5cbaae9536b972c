/**
 * Micrometer metrics and observations for Sealed Sessions: {@link io.sealedsession.micrometer.SessionEventMetrics}
 * counts audit events, {@link io.sealedsession.micrometer.ObservedSessionStore} observes every
 * store operation (a timer, and a span through any Micrometer tracing bridge), and
 * {@link io.sealedsession.micrometer.InMemorySessionStoreMetrics} gauges the in-memory store.
 *
 * <p>No meter tag and no observation key value ever holds a token, a session key, a fingerprint,
 * a handle or a principal: every tag value comes from a fixed, small set.
 */
@NullMarked
package io.sealedsession.micrometer;

import org.jspecify.annotations.NullMarked;

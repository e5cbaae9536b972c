package io.sealedsession.core.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The plaintext content of a stored session, before sealing.
 *
 * @param attributes attribute names to values as encoded by the attribute codec, in insertion order
 */
public record SessionRecord(
        Instant createdAt,
        Instant lastAccessedAt,
        Instant tokenIssuedAt,
        Duration idleTimeout,
        Instant absoluteDeadline,
        @Nullable String principal,
        Map<String, byte[]> attributes) {}

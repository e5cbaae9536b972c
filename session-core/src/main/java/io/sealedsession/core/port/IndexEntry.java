package io.sealedsession.core.port;

import io.sealedsession.core.SessionKey;
import java.time.Instant;

/**
 * One entry of a principal's index.
 *
 * @param key the session's key
 * @param deadline the session's absolute deadline
 */
public record IndexEntry(SessionKey key, Instant deadline) {}

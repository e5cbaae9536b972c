/**
 * Sign-in throttling that any framework adapter can put in front of its password check: failures
 * are counted per account and per client address, and an account or address that failed too often
 * is refused for a time that doubles with each further failure. {@link
 * io.sealedsession.core.throttle.SignInThrottle} is the port; {@link
 * io.sealedsession.core.throttle.InMemorySignInThrottle} keeps the counts in this process, and
 * {@code session-redis} has one that keeps them in Redis, shared by every instance.
 */
@NullMarked
package io.sealedsession.core.throttle;

import org.jspecify.annotations.NullMarked;

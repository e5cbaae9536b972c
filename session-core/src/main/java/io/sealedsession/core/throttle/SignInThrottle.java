package io.sealedsession.core.throttle;

import io.sealedsession.core.SessionStoreUnavailableException;

/**
 * Limits password guessing, per account and per client address. An adapter calls it around its
 * own credential check:
 *
 * <pre>{@code
 * ThrottleVerdict verdict = throttle.check(account, address);
 * if (!verdict.allowed()) {
 *     // 429 with Retry-After: verdict.retryAfterSeconds(); do NOT check the password
 * } else if (passwordMatches(account, password)) {
 *     throttle.succeeded(account, address);
 * } else {
 *     throttle.failed(account, address);   // then 401
 * }
 * }</pre>
 *
 * <p>The guarantees, with the {@link ThrottlePolicy} it was built with: an account or an address
 * that reached {@link ThrottlePolicy#maxFailures()} failures is refused for the policy's lockout,
 * whatever password comes next, so a refused attempt costs no password hash; a success clears the
 * account's count (not the address's: one address may try many accounts); other accounts are not
 * affected by one account's failures. Every failure is counted, also when many arrive at once.
 * Attempts that pass {@link #check} at the same moment are each checked: the count bounds guessing
 * to the limit plus the number of attempts in flight.
 *
 * <p>Every failure and every refusal is an audit event
 * ({@link io.sealedsession.core.SessionEvent.Type#SIGN_IN_FAILED},
 * {@link io.sealedsession.core.SessionEvent.Type#SIGN_IN_THROTTLED}) with the account name as
 * its principal; the password never reaches the throttle.
 *
 * <p>Implementations are thread-safe. Methods throw {@link SessionStoreUnavailableException} when
 * the place they keep their counts cannot be reached; an adapter answers that as it answers an
 * unreachable session store (503), never by letting the attempt through unchecked.
 */
public interface SignInThrottle {

    /** Whether an attempt to sign in to {@code account} from {@code address} may be checked now. */
    ThrottleVerdict check(String account, String address);

    /** Counts a failed attempt against the account and the address; answers what the next attempt gets. */
    ThrottleVerdict failed(String account, String address);

    /** Clears the account's failures after a successful sign-in. */
    void succeeded(String account, String address);
}

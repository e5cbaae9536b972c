package io.sealedsession.core.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedsession.core.SessionEvent;
import io.sealedsession.core.testing.MovableClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** H3: the throttle's rules, on the in-memory counts. The Redis throttle runs the same rules in the tests module. */
class InMemorySignInThrottleTest {

    private final MovableClock clock = new MovableClock();
    private final List<SessionEvent> events = new CopyOnWriteArrayList<>();
    private final InMemorySignInThrottle throttle = new InMemorySignInThrottle(ThrottlePolicy.ofDefaults(), clock, events::add);

    private void fail(String account, String address, int times) {
        for (int i = 0; i < times; i++) {
            assertThat(throttle.check(account, address).allowed()).as("attempt %d of %s", i + 1, account).isTrue();
            throttle.failed(account, address);
        }
    }

    @Test
    @DisplayName("H3: four failures leave the account open; the fifth locks it for 15 minutes")
    void failedWhenTheFifthFailureArrivesThenTheAccountIsLockedForTheWindow() {
        fail("alice", "10.0.0.1", 4);
        assertThat(throttle.check("alice", "10.0.0.2").allowed()).isTrue();

        ThrottleVerdict fifth = throttle.failed("alice", "10.0.0.2");

        assertThat(fifth.retryAfter()).isEqualTo(Duration.ofMinutes(15));
        ThrottleVerdict next = throttle.check("alice", "10.0.0.3");
        assertThat(next.allowed()).isFalse();
        assertThat(next.retryAfterSeconds()).isEqualTo(15 * 60);
        clock.advance(Duration.ofMinutes(14));
        assertThat(throttle.check("alice", "10.0.0.3").retryAfterSeconds()).isEqualTo(60);
        clock.advance(Duration.ofMinutes(1));
        assertThat(throttle.check("alice", "10.0.0.3").allowed()).isTrue();
    }

    @Test
    @DisplayName("H3: each failure after a lockout doubles it: 15, 30, 60 minutes")
    void failedWhenTheAccountKeepsFailingThenTheLockoutDoubles() {
        fail("alice", "10.0.0.1", 5);
        clock.advance(Duration.ofMinutes(15));
        assertThat(throttle.failed("alice", "10.0.0.9").retryAfter()).isEqualTo(Duration.ofMinutes(30));
        clock.advance(Duration.ofMinutes(30));
        assertThat(throttle.failed("alice", "10.0.0.9").retryAfter()).isEqualTo(Duration.ofMinutes(60));
    }

    @Test
    @DisplayName("H3: five failures from one address lock that address for every account, and no other address")
    void failedWhenOneAddressTriesManyAccountsThenTheAddressIsLocked() {
        for (int i = 0; i < 5; i++) {
            fail("user" + i, "10.0.0.66", 1);
        }

        assertThat(throttle.check("someone-else", "10.0.0.66").allowed()).isFalse();
        assertThat(throttle.check("someone-else", "10.0.0.7").allowed()).isTrue();
        assertThat(throttle.check("user0", "10.0.0.7").allowed()).isTrue();
    }

    @Test
    @DisplayName("H3: other accounts are not affected by one account's lockout")
    void checkWhenAnotherAccountIsLockedThenThisOneIsAllowed() {
        for (int i = 0; i < 5; i++) {
            fail("alice", "10.0.1." + i, 1);
        }

        assertThat(throttle.check("alice", "10.0.2.1").allowed()).isFalse();
        assertThat(throttle.check("bob", "10.0.2.1").allowed()).isTrue();
    }

    @Test
    @DisplayName("H3: a success clears the account's failures, not the address's")
    void succeededWhenTheAccountHadFailuresThenTheyAreForgotten() {
        fail("alice", "10.0.0.1", 4);
        throttle.succeeded("alice", "10.0.0.1");

        fail("alice", "10.0.0.2", 4);
        assertThat(throttle.check("alice", "10.0.0.3").allowed()).isTrue();
        assertThat(throttle.failed("bob", "10.0.0.1").allowed()).as("the address kept its 4 failures").isFalse();
    }

    @Test
    @DisplayName("H3: failures more than 15 minutes apart never add up to a lockout")
    void failedWhenFailuresAreFurtherApartThanTheWindowThenTheCountStartsAgain() {
        for (int i = 0; i < 10; i++) {
            fail("alice", "10.0.0.1", 1);
            clock.advance(Duration.ofMinutes(15));
        }

        assertThat(throttle.check("alice", "10.0.0.1").allowed()).isTrue();
    }

    @Test
    @DisplayName("H3: every failure and every refusal is an audit event naming the account, never a password")
    void failedAndCheckWhenLockedThenEachIsAnAuditEvent() {
        fail("mallory\r\nINFO forged", "10.0.0.1", 5);
        throttle.check("mallory\r\nINFO forged", "10.0.0.1");

        assertThat(events).extracting(SessionEvent::type).containsExactly(
                SessionEvent.Type.SIGN_IN_FAILED, SessionEvent.Type.SIGN_IN_FAILED, SessionEvent.Type.SIGN_IN_FAILED,
                SessionEvent.Type.SIGN_IN_FAILED, SessionEvent.Type.SIGN_IN_FAILED, SessionEvent.Type.SIGN_IN_THROTTLED);
        assertThat(events).allSatisfy(event -> {
            assertThat(event.principal()).isEqualTo("mallory\r\nINFO forged");
            assertThat(event.fingerprint()).isNull();
        });
        assertThat(events.get(4).detail()).contains("failure 5 of this account").contains("locked for PT15M");
        assertThat(events.get(5).detail()).contains("refused unchecked").contains("10.0.0.1");
    }

    @Test
    @DisplayName("H2: a flood of made-up account names keeps at most maxEntries counts")
    void failedWhenManyAccountsFailThenTheCountsStayBounded() {
        InMemorySignInThrottle small = new InMemorySignInThrottle(ThrottlePolicy.ofDefaults(), clock, event -> { }, 100);
        for (int i = 0; i < 1_000; i++) {
            small.failed("made-up-" + i, "10.0." + (i / 250) + "." + (i % 250));
        }

        assertThat(small.size()).isLessThanOrEqualTo(100);
    }

    @Test
    void lockoutAfterWhenFailuresGrowThenItIsCappedAtMaxLockout() {
        ThrottlePolicy policy = ThrottlePolicy.ofDefaults();

        assertThat(policy.lockoutAfter(4)).isZero();
        assertThat(policy.lockoutAfter(5)).isEqualTo(Duration.ofMinutes(15));
        assertThat(policy.lockoutAfter(7)).isEqualTo(Duration.ofMinutes(60));
        assertThat(policy.lockoutAfter(1_000_000)).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void constructorWhenMaxLockoutIsShorterThanTheWindowThenRefuses() {
        assertThatThrownBy(() -> new ThrottlePolicy(5, Duration.ofMinutes(15), Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("but was PT1M");
    }
}

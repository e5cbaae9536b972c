package io.sealedsession.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedsession.core.internal.SessionRecord;
import io.sealedsession.core.port.AttributeCodec;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SessionTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");

    private static Session newSession(SessionPolicy policy) {
        return new Session(SessionToken.generate(RANDOM), NOW, policy, AttributeCodec.builtIn());
    }

    private static Session newSession() {
        return newSession(SessionPolicy.ofDefaults());
    }

    /** A session as a request sees it after loading {@code record} from the store. */
    private static Session loaded(SessionRecord record, long version) {
        return new Session(SessionToken.generate(RANDOM), version, record, SessionPolicy.ofDefaults(),
                AttributeCodec.builtIn());
    }

    // ---- values the codec cannot encode ------------------------------------------------------

    @Test
    void setAttributeWhenValueIsAPlainObjectThenNotEncodableNamingAttributeAndType() {
        Session session = newSession();

        assertThatThrownBy(() -> session.setAttribute("cart", new Object()))
                .isInstanceOf(AttributeNotEncodableException.class)
                .hasMessageContaining("'cart'")
                .hasMessageContaining("java.lang.Object");
        assertThat(session.attributeNames()).isEmpty();
    }

    @Test
    void setAttributeWhenValueIsAUuidThenNotEncodableNamingAttributeAndType() {
        Session session = newSession();

        assertThatThrownBy(() -> session.setAttribute("requestId", UUID.randomUUID()))
                .isInstanceOf(AttributeNotEncodableException.class)
                .hasMessageContaining("'requestId'")
                .hasMessageContaining("java.util.UUID");
    }

    @Test
    void setAttributeWhenAListHoldsAnUnsupportedValueThenNotEncodableAndPreviousValueKept() {
        Session session = newSession();
        session.setAttribute("items", List.of("kept"));

        assertThatThrownBy(() -> session.setAttribute("items", List.of("a", new StringBuilder("b"))))
                .isInstanceOf(AttributeNotEncodableException.class)
                .hasMessageContaining("'items'")
                .hasMessageContaining("java.lang.StringBuilder");
        assertThat(session.getAttribute("items")).isEqualTo(List.of("kept"));
    }

    @Test
    void setAttributeWhenNameIsEmptyOrTooLongThenIllegalArgument() {
        Session session = newSession();

        assertThatThrownBy(() -> session.setAttribute("", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> session.setAttribute("n".repeat(1025), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1025");
        session.setAttribute("n".repeat(1024), 1);
        assertThat(session.getAttribute("n".repeat(1024))).isEqualTo(1);
    }

    @Test
    void setAttributeWhenNameHasAnUnpairedSurrogateThenIllegalArgumentAndNothingStored() {
        Session session = newSession();
        session.setAttribute("a?", "existing");

        // UTF-8 would store this name as "a?", which would collide with the attribute above.
        assertThatThrownBy(() -> session.setAttribute("a\ud800", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unpaired surrogate");
        session.setAttribute("a\ud83d\ude00", "a well-formed pair is fine");

        assertThat(session.attributeNames()).containsExactly("a?", "a\ud83d\ude00");
        assertThat(session.getAttribute("a?")).isEqualTo("existing");
    }

    // ---- null removes ------------------------------------------------------------------------

    @Test
    void setAttributeWhenValueIsNullThenRemovesTheAttribute() {
        Session session = newSession();
        session.setAttribute("a", 1);
        session.setAttribute("b", 2);

        session.setAttribute("a", null);

        assertThat(session.getAttribute("a")).isNull();
        assertThat(session.attributeNames()).containsExactly("b");
        assertThat(session.toRecord().attributes()).containsOnlyKeys("b");
    }

    @Test
    void setAttributeWhenNullForAnAbsentNameThenNothingChanges() {
        Session session = newSession();

        session.setAttribute("never-set", null);

        assertThat(session.attributeNames()).isEmpty();
    }

    // ---- caps (D6) ---------------------------------------------------------------------------

    @Test
    @DisplayName("D6: one attribute beyond maxAttributes is refused and the session is left as it was")
    void setAttributeWhenAttributeCountCapReachedThenTooLargeAndUnchanged() {
        Session session = newSession(SessionPolicy.custom().maxAttributes(2).build());
        session.setAttribute("a", "1");
        session.setAttribute("b", "2");

        assertThatThrownBy(() -> session.setAttribute("c", "3"))
                .isInstanceOf(SessionTooLargeException.class)
                .hasMessageContaining("'c'")
                .hasMessageContaining("maxAttributes");

        assertThat(session.attributeNames()).containsExactly("a", "b");
        assertThat(session.getAttribute("c")).isNull();
        session.setAttribute("a", "replaced"); // replacing does not add an attribute
        assertThat(session.getAttribute("a")).isEqualTo("replaced");
        session.removeAttribute("b");
        session.setAttribute("c", "3");
        assertThat(session.attributeNames()).containsExactly("a", "c");
    }

    @Test
    @DisplayName("D6: a value that would take the session beyond maxRecordBytes is refused and nothing changes")
    void setAttributeWhenByteCapWouldBeExceededThenTooLargeAndUnchanged() {
        Session session = newSession(SessionPolicy.custom().maxRecordBytes(256).build());
        byte[] first = filled(150, (byte) 1);
        session.setAttribute("first", first);

        assertThatThrownBy(() -> session.setAttribute("second", new byte[150]))
                .isInstanceOf(SessionTooLargeException.class)
                .hasMessageContaining("'second'")
                .hasMessageContaining("maxRecordBytes = 256");
        assertThatThrownBy(() -> session.setAttribute("first", new byte[300]))
                .isInstanceOf(SessionTooLargeException.class);

        assertThat(session.attributeNames()).containsExactly("first");
        assertThat((byte[]) session.getAttribute("first")).isEqualTo(first);
        assertThat(session.toRecord().attributes()).containsOnlyKeys("first");
    }

    @Test
    @DisplayName("D6: removing an attribute gives its bytes back to the cap")
    void setAttributeWhenAnotherAttributeWasRemovedThenItsBytesCanBeReused() {
        Session session = newSession(SessionPolicy.custom().maxRecordBytes(256).build());
        session.setAttribute("first", new byte[150]);
        session.removeAttribute("first");

        session.setAttribute("second", new byte[150]);
        session.setAttribute("second", new byte[200]); // replacing counts the new size, not both

        assertThat((byte[]) session.getAttribute("second")).hasSize(200);
    }

    // ---- values are decoded copies -----------------------------------------------------------

    @Test
    void getAttributeWhenSetListIsMutatedAfterwardsThenStoredValueIsUnchanged() {
        Session session = newSession();
        List<Object> cart = new ArrayList<>(List.of("apple"));
        session.setAttribute("cart", cart);

        cart.add("pear");

        assertThat(session.getAttribute("cart")).isEqualTo(List.of("apple"));
    }

    @Test
    void getAttributeWhenValueIsAListThenReturnedListIsUnmodifiable() {
        Session session = newSession();
        session.setAttribute("cart", new ArrayList<>(List.of("apple")));

        @SuppressWarnings("unchecked")
        List<Object> read = (List<Object>) session.getAttribute("cart");

        assertThatThrownBy(() -> read.add("pear")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(session.getAttribute("cart")).isEqualTo(List.of("apple"));
    }

    @Test
    void getAttributeWhenValueIsAMapThenReturnedMapIsUnmodifiableCopy() {
        Session session = newSession();
        Map<String, Object> prefs = new HashMap<>(Map.of("theme", "dark"));
        session.setAttribute("prefs", prefs);
        prefs.put("lang", "fr");

        @SuppressWarnings("unchecked")
        Map<String, Object> read = (Map<String, Object>) session.getAttribute("prefs");

        assertThat(read).isEqualTo(Map.of("theme", "dark"));
        assertThatThrownBy(() -> read.put("lang", "fr")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void getAttributeWhenSetByteArrayIsMutatedAfterwardsThenStoredValueIsUnchanged() {
        Session session = newSession();
        byte[] bytes = {1, 2, 3};
        session.setAttribute("bytes", bytes);

        bytes[0] = 9;

        assertThat((byte[]) session.getAttribute("bytes")).containsExactly(1, 2, 3);
    }

    @Test
    void attributeWhenTypeMatchesThenPresentAndWhenOtherTypeThenClassCastException() {
        Session session = newSession();
        session.setAttribute("count", 3);

        assertThat(session.attribute("count", Integer.class)).contains(3);
        assertThat(session.attribute("missing", Integer.class)).isEmpty();
        assertThatThrownBy(() -> session.attribute("count", String.class)).isInstanceOf(ClassCastException.class);
    }

    // ---- rebase (invariant 5) ----------------------------------------------------------------

    @Test
    @DisplayName("invariant 5: rebase keeps the other request's changes and re-applies this request's own")
    void rebaseWhenAnotherRequestSavedMeanwhileThenBothRequestsChangesSurvive() {
        Session original = newSession();
        original.setAttribute("x", 1);
        original.setAttribute("y", 2);
        original.setAttribute("z", 3);
        SessionRecord base = original.toRecord();

        Session mine = loaded(base, 1);
        mine.setAttribute("y", 20);
        mine.removeAttribute("z");
        mine.setAttribute("w", 4);

        Session other = loaded(base, 1);
        other.setAttribute("x", 10);
        other.setAttribute("z", 30);
        other.setAttribute("v", 5);
        other.bind("alice");
        SessionRecord current = other.toRecord();

        mine.rebase(2, current);

        assertThat(mine.attributeNames()).containsExactlyInAnyOrder("x", "y", "w", "v");
        assertThat(mine.getAttribute("x")).isEqualTo(10);
        assertThat(mine.getAttribute("y")).isEqualTo(20);
        assertThat(mine.getAttribute("z")).isNull();
        assertThat(mine.getAttribute("w")).isEqualTo(4);
        assertThat(mine.getAttribute("v")).isEqualTo(5);
        assertThat(mine.principal()).contains("alice");
        assertThat(mine.version()).isEqualTo(2);
        assertThat(mine.toRecord().attributes()).containsOnlyKeys("x", "y", "w", "v");
    }

    @Test
    @DisplayName("invariant 5: an update is run again on the value another request saved")
    void rebaseWhenBothUpdatedOneAttributeThenBothChangesSurvive() {
        Session original = newSession();
        original.setAttribute("count", 1);
        SessionRecord base = original.toRecord();
        Session mine = loaded(base, 1);
        assertThat(mine.update("count", Integer.class, c -> c + 10)).isEqualTo(11);
        Session other = loaded(base, 1);
        other.update("count", Integer.class, c -> c + 100);

        assertThat(mine.rebase(2, other.toRecord())).isEmpty();

        assertThat(mine.getAttribute("count")).isEqualTo(111);
        assertThat(mine.hasChanges()).isTrue();
    }

    @Test
    void rebaseWhenUpdatedTwiceThenBothFunctionsRunAgainInOrder() {
        Session original = newSession();
        original.setAttribute("word", "a");
        SessionRecord base = original.toRecord();
        Session mine = loaded(base, 1);
        mine.update("word", String.class, w -> w + "b");
        mine.update("word", String.class, w -> w + "c");
        Session other = loaded(base, 1);
        other.setAttribute("word", "x");

        mine.rebase(2, other.toRecord());

        assertThat(mine.getAttribute("word")).isEqualTo("xbc");
    }

    @Test
    void rebaseWhenSetThenUpdatedThenThePlainValueIsTheBase() {
        Session original = newSession();
        original.setAttribute("word", "a");
        SessionRecord base = original.toRecord();
        Session mine = loaded(base, 1);
        mine.setAttribute("word", "m");
        mine.update("word", String.class, w -> w + "!");
        Session other = loaded(base, 1);
        other.setAttribute("word", "x");

        assertThat(mine.rebase(2, other.toRecord())).containsExactly("word");

        assertThat(mine.getAttribute("word")).isEqualTo("m!");
    }

    @Test
    void rebaseWhenUpdateReturnsNullThenTheAttributeIsRemoved() {
        Session original = newSession();
        original.setAttribute("n", 1);
        SessionRecord base = original.toRecord();
        Session mine = loaded(base, 1);
        mine.update("n", Integer.class, n -> null);
        Session other = loaded(base, 1);
        other.setAttribute("n", 2);

        mine.rebase(2, other.toRecord());

        assertThat(mine.attributeNames()).doesNotContain("n");
    }

    @Test
    @DisplayName("L7: a plain overwrite of a value the other request changed is reported; an unchanged one is not")
    void rebaseWhenPlainSetMeetsAChangedValueThenItIsReported() {
        Session original = newSession();
        original.setAttribute("role", "user");
        original.setAttribute("theme", "light");
        SessionRecord base = original.toRecord();
        Session mine = loaded(base, 1);
        mine.setAttribute("role", "guest");
        mine.setAttribute("theme", "dark");
        Session other = loaded(base, 1);
        other.setAttribute("role", "admin");

        assertThat(mine.rebase(2, other.toRecord())).containsExactly("role");
        assertThat(mine.getAttribute("role")).isEqualTo("guest");
        // Once reported, the other's value is this request's base: a second rebase on it is quiet.
        assertThat(mine.rebase(3, other.toRecord())).isEmpty();
    }

    @Test
    void updateWhenTheValueHasAnotherTypeThenClassCastException() {
        Session session = newSession();
        session.setAttribute("n", "text");
        assertThatThrownBy(() -> session.update("n", Integer.class, n -> n)).isInstanceOf(ClassCastException.class);
    }

    @Test
    void rebaseWhenThisRequestChangedNothingThenTakesTheCurrentRecordAsIs() {
        Session original = newSession();
        original.setAttribute("x", 1);
        Session mine = loaded(original.toRecord(), 1);
        Session other = loaded(original.toRecord(), 1);
        other.setAttribute("x", 2);
        other.setIdleTimeout(Duration.ofMinutes(5));

        mine.rebase(2, other.toRecord());

        assertThat(mine.getAttribute("x")).isEqualTo(2);
        assertThat(mine.idleTimeout()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void rebaseWhenThisRequestChangedTheIdleTimeoutThenItsTimeoutWins() {
        Session original = newSession();
        Session mine = loaded(original.toRecord(), 1);
        mine.setIdleTimeout(Duration.ofMinutes(7));
        Session other = loaded(original.toRecord(), 1);
        other.setIdleTimeout(Duration.ofMinutes(5));

        mine.rebase(2, other.toRecord());

        assertThat(mine.idleTimeout()).isEqualTo(Duration.ofMinutes(7));
    }

    @Test
    @DisplayName("D6: after a rebase the byte cap counts the merged attributes")
    void rebaseWhenMergedThenByteCapCountsTheMergedAttributes() {
        SessionPolicy small = SessionPolicy.custom().maxRecordBytes(256).build();
        Session original = new Session(SessionToken.generate(RANDOM), NOW, small, AttributeCodec.builtIn());
        SessionRecord base = original.toRecord();
        Session mine = new Session(SessionToken.generate(RANDOM), 1, base, small, AttributeCodec.builtIn());
        mine.setAttribute("a", new byte[100]);
        Session other = new Session(SessionToken.generate(RANDOM), 1, base, small, AttributeCodec.builtIn());
        other.setAttribute("b", new byte[100]);

        mine.rebase(2, other.toRecord());

        assertThatThrownBy(() -> mine.setAttribute("c", new byte[100])).isInstanceOf(SessionTooLargeException.class);
        mine.setAttribute("c", new byte[10]);
        assertThat(mine.attributeNames()).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void rebaseWhenThisRequestRemovedAnAttributeThatTheOtherChangedThenTheRemovalWins() {
        Session original = newSession();
        original.setAttribute("flash", "hello");
        Session mine = loaded(original.toRecord(), 1);
        mine.setAttribute("flash", null);
        Session other = loaded(original.toRecord(), 1);
        other.setAttribute("flash", "changed");

        mine.rebase(2, other.toRecord());

        assertThat(mine.getAttribute("flash")).isNull();
        assertThat(mine.attributeNames()).isEmpty();
    }

    // ---- T5 and state ------------------------------------------------------------------------

    @Test
    @DisplayName("T5: a session's toString shows the fingerprint, never the token or key")
    void toStringWhenCalledThenHidesTokenAndKey() {
        Session session = newSession();

        assertThat(session.toString())
                .doesNotContain(session.token().revealValue())
                .doesNotContain(session.key().value())
                .contains(session.token().fingerprint());
    }

    @Test
    @DisplayName("T5: changing an ended session fails with a message that holds no token")
    void setAttributeWhenSessionEndedThenInvalidStateWithoutTheToken() {
        Session session = newSession();
        session.ended();

        assertThatThrownBy(() -> session.setAttribute("a", 1))
                .isInstanceOf(InvalidSessionStateException.class)
                .hasMessageNotContaining(session.token().revealValue())
                .hasMessageNotContaining(session.key().value());
        assertThat(session.isEnded()).isTrue();
    }

    private static byte[] filled(int length, byte value) {
        byte[] bytes = new byte[length];
        java.util.Arrays.fill(bytes, value);
        return bytes;
    }
}

package io.sealedsession.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.sealedsession.core.port.AttributeCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class JavaSerializationAttributeCodecTest {

    record Cart(String id, int items, Colour colour) implements Serializable {}

    enum Colour { RED, GREEN { @Override public String toString() { return "green"; } } }

    /** Stands for a gadget: a class whose readObject does something as soon as it is read. */
    static final class Gadget implements Serializable {
        private static final long serialVersionUID = 1L;
        static final AtomicBoolean READ = new AtomicBoolean();
        String command = "touch /tmp/pwned";

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            READ.set(true);
            in.defaultReadObject();
        }
    }

    static final class Node implements Serializable {
        private static final long serialVersionUID = 1L;
        Node next;
    }

    static final class Holder implements Serializable {
        private static final long serialVersionUID = 1L;
        final Object inner;

        Holder(Object inner) {
            this.inner = inner;
        }
    }

    abstract static class Base implements Serializable {
        private static final long serialVersionUID = 1L;
        int base = 1;
    }

    static final class Derived extends Base {
        private static final long serialVersionUID = 1L;
        int derived = 2;
    }

    static class Plain implements Serializable {
        private static final long serialVersionUID = 1L;
        String text = "plain";

        @Override
        public boolean equals(Object other) {
            return other != null && other.getClass() == getClass() && ((Plain) other).text.equals(text);
        }

        @Override
        public int hashCode() {
            return text.hashCode();
        }
    }

    static final class Special extends Plain {
        private static final long serialVersionUID = 1L;
    }

    static final class SerializableHandler implements InvocationHandler, Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) {
            return null;
        }
    }

    private static final Cart CART = new Cart("c-1", 3, Colour.GREEN);

    @BeforeEach
    void resetGadget() {
        Gadget.READ.set(false);
    }

    /** What a stored value written by somebody else's Java serialization would look like. */
    private static byte[] tagged(Object value) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        buffer.write(JavaSerializationAttributeCodec.JAVA_SERIALIZATION_TAG);
        try (ObjectOutputStream out = new ObjectOutputStream(buffer)) {
            out.writeObject(value);
        }
        return buffer.toByteArray();
    }

    private static Object plainlyDeserialize(byte[] tagged) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(tagged, 1, tagged.length - 1))) {
            return in.readObject();
        }
    }

    // ---- round trips -------------------------------------------------------------------------

    @Test
    void decodeWhenClassIsOnTheAllowListThenRoundTripsToAnEqualValue() {
        JavaSerializationAttributeCodec codec = JavaSerializationAttributeCodec.allowing(Cart.class, Colour.class);

        byte[] bytes = codec.encode("cart", CART);

        assertThat(bytes[0] & 0xFF).isEqualTo(0x4A).isNotEqualTo(0xAC);
        assertThat(codec.decode("cart", bytes)).isEqualTo(CART);
    }

    @Test
    void decodeWhenListedCollectionsHoldListedClassesThenRoundTrips() {
        JavaSerializationAttributeCodec codec = JavaSerializationAttributeCodec.allowing(
                ArrayList.class, HashMap.class, Cart.class, Colour.class);
        List<Cart> carts = new ArrayList<>(List.of(CART, new Cart("c-2", 0, Colour.RED)));
        Map<String, Cart> byId = new HashMap<>(Map.of("c-1", CART));

        assertThat(codec.decode("carts", codec.encode("carts", carts))).isEqualTo(carts);
        assertThat(codec.decode("byId", codec.encode("byId", byId))).isEqualTo(byId);
        assertThat(codec.decode("array", codec.encode("array", new Cart[] {CART}))).isEqualTo(new Cart[] {CART});
        assertThat(codec.decode("ints", codec.encode("ints", new int[] {1, 2}))).isEqualTo(new int[] {1, 2});
    }

    @Test
    void encodeWhenValueIsABuiltInTypeThenUsesTheBuiltInFormat() {
        JavaSerializationAttributeCodec codec = JavaSerializationAttributeCodec.allowing(Cart.class);
        List<Object> value = List.of(1, "two", Instant.EPOCH);

        byte[] bytes = codec.encode("list", value);

        assertThat(bytes).isEqualTo(AttributeCodec.builtIn().encode("list", value));
        Object decoded = codec.decode("list", bytes);
        assertThat(decoded).isEqualTo(value);
        assertThatThrownBy(() -> ((List<?>) decoded).clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(codec.decode("n", codec.encode("n", null))).isNull();
    }

    @Test
    void setAttributeWhenSessionUsesTheCodecThenListedValuesRoundTripAndOthersFailAtOnce() {
        AttributeCodec codec = JavaSerializationAttributeCodec.allowing(Cart.class, Colour.class);
        Session session = new Session(SessionToken.generate(new SecureRandom()), Instant.EPOCH,
                SessionPolicy.ofDefaults(), codec);

        session.setAttribute("cart", CART);

        assertThat(session.getAttribute("cart")).isEqualTo(CART);
        assertThatThrownBy(() -> session.setAttribute("id", UUID.randomUUID()))
                .isInstanceOf(AttributeNotEncodableException.class)
                .hasMessageContaining("'id'")
                .hasMessageContaining("java.util.UUID");
        assertThat(session.attributeNames()).containsExactly("cart");
    }

    // ---- D5: refusals ------------------------------------------------------------------------

    @Test
    @DisplayName("D5: a class not on the allow-list is refused and its readObject never runs")
    void decodeWhenClassIsNotOnTheAllowListThenRefusedWithoutRunningItsReadObject() throws Exception {
        byte[] gadget = tagged(new Gadget());
        JavaSerializationAttributeCodec codec = JavaSerializationAttributeCodec.allowing(Cart.class);

        Throwable thrown = catchThrowable(() -> codec.decode("attr", gadget));

        assertThat(thrown).isExactlyInstanceOf(RecordFormatException.class)
                .hasMessageContaining("'attr'")
                .hasMessageContaining(Gadget.class.getName())
                .hasMessageContaining("allow-list");
        assertThat(Gadget.READ).isFalse();
        // The payload is live: with the class listed, its readObject does run.
        assertThat(JavaSerializationAttributeCodec.allowing(Gadget.class).decode("attr", gadget)).isInstanceOf(Gadget.class);
        assertThat(Gadget.READ).isTrue();
    }

    @Test
    @DisplayName("D5: a gadget hidden inside a listed collection is refused and never read")
    void decodeWhenAListedCollectionHoldsAnUnlistedClassThenRefusedWithoutRunningItsReadObject() throws Exception {
        byte[] stream = tagged(new ArrayList<>(List.of("harmless", new Gadget())));
        JavaSerializationAttributeCodec codec = JavaSerializationAttributeCodec.allowing(ArrayList.class);

        assertThatThrownBy(() -> codec.decode("attr", stream))
                .isExactlyInstanceOf(RecordFormatException.class)
                .hasMessageContaining(Gadget.class.getName());
        assertThat(Gadget.READ).isFalse();
    }

    @Test
    @DisplayName("D5: a stream naming a class that does not exist is refused by the allow-list, not by a class lookup")
    void decodeWhenStreamNamesAMissingClassThenRecordFormatExceptionNotClassNotFound() throws Exception {
        String realName = Gadget.class.getName();
        String missingName = realName.substring(0, realName.length() - 1) + "Z";
        byte[] stream = replaceAll(tagged(new Gadget()), realName, missingName);
        assertThatThrownBy(() -> plainlyDeserialize(stream)).isInstanceOf(ClassNotFoundException.class);

        assertThatThrownBy(() -> JavaSerializationAttributeCodec.allowing(Gadget.class).decode("attr", stream))
                .isExactlyInstanceOf(RecordFormatException.class)
                .hasMessageContaining(missingName + " is not on the allow-list");
    }

    @Test
    @DisplayName("D5: a bare Java serialization stream, without the codec's tag, is refused unread")
    void decodeWhenGivenAnUntaggedJavaSerializationStreamThenRefused() throws Exception {
        byte[] tagged = tagged(new Gadget());
        byte[] bare = Arrays.copyOfRange(tagged, 1, tagged.length);

        assertThatThrownBy(() -> JavaSerializationAttributeCodec.allowing(Gadget.class).decode("attr", bare))
                .isExactlyInstanceOf(RecordFormatException.class)
                .hasMessageContaining("Java serialization");
        assertThat(Gadget.READ).isFalse();
    }

    @Test
    @DisplayName("D5: a dynamic proxy is always refused")
    void decodeWhenStreamHoldsADynamicProxyThenRefused() throws Exception {
        Object proxy = Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Runnable.class, Serializable.class},
                new SerializableHandler());
        byte[] stream = tagged(proxy);

        assertThatThrownBy(() -> JavaSerializationAttributeCodec.allowing(SerializableHandler.class).decode("attr", stream))
                .isExactlyInstanceOf(RecordFormatException.class)
                .hasMessageContaining("proxy");
    }

    @Test
    void decodeWhenSubclassOfAListedClassThenRefused() throws Exception {
        JavaSerializationAttributeCodec codec = JavaSerializationAttributeCodec.allowing(Plain.class);

        assertThat(codec.decode("p", codec.encode("p", new Plain()))).isEqualTo(new Plain());
        assertThatThrownBy(() -> codec.decode("p", tagged(new Special())))
                .isInstanceOf(RecordFormatException.class)
                .hasMessageContaining(Special.class.getName());
    }

    @Test
    void encodeWhenASerializableSuperclassIsNotListedThenNotEncodableNamingIt() {
        assertThatThrownBy(() -> JavaSerializationAttributeCodec.allowing(Derived.class).encode("d", new Derived()))
                .isInstanceOf(AttributeNotEncodableException.class)
                .hasMessageContaining("'d'")
                .hasMessageContaining(Base.class.getName());
        JavaSerializationAttributeCodec both = JavaSerializationAttributeCodec.allowing(Derived.class, Base.class);
        assertThat(both.decode("d", both.encode("d", new Derived()))).isInstanceOf(Derived.class);
    }

    // ---- encode refusals ---------------------------------------------------------------------

    @Test
    void encodeWhenValueIsNotSerializableThenNotEncodableNamingAttributeAndType() {
        JavaSerializationAttributeCodec codec = JavaSerializationAttributeCodec.allowing(Holder.class);

        assertThatThrownBy(() -> codec.encode("thing", new Object()))
                .isInstanceOf(AttributeNotEncodableException.class)
                .hasMessageContaining("'thing'")
                .hasMessageContaining("java.lang.Object")
                .hasMessageContaining("Serializable");
        assertThatThrownBy(() -> codec.encode("holder", new Holder(new Object())))
                .isInstanceOf(AttributeNotEncodableException.class)
                .hasMessageContaining("'holder'")
                .hasMessageContaining(Holder.class.getName())
                .hasMessageContaining("java.lang.Object");
    }

    @Test
    void encodeWhenTypeIsNotOnTheAllowListThenNotEncodableNamingAttributeAndType() {
        JavaSerializationAttributeCodec codec = JavaSerializationAttributeCodec.allowing(Cart.class, Colour.class);

        assertThatThrownBy(() -> codec.encode("id", UUID.randomUUID()))
                .isInstanceOf(AttributeNotEncodableException.class)
                .hasMessageContaining("'id'")
                .hasMessageContaining("java.util.UUID")
                .hasMessageContaining("allow-list");
        Throwable thrown = catchThrowable(() -> codec.encode("carts", new ArrayList<>(List.of(CART))));
        assertThat(thrown).isInstanceOf(AttributeNotEncodableException.class)
                .hasMessageContaining("java.util.ArrayList");
        // Why the built-in codec declined it travels along.
        assertThat(thrown.getSuppressed()).singleElement().asInstanceOf(InstanceOfAssertFactories.THROWABLE)
                .hasMessageContaining(Cart.class.getName());
    }

    // ---- limits ------------------------------------------------------------------------------

    private static Node chain(int length) {
        Node head = new Node();
        Node tail = head;
        for (int i = 1; i < length; i++) {
            tail.next = new Node();
            tail = tail.next;
        }
        return head;
    }

    @Test
    void decodeWhenNestingIsDeeperThanMaxDepthThenRefused() throws Exception {
        JavaSerializationAttributeCodec codec = JavaSerializationAttributeCodec.allowing(Node.class);
        byte[] deep = tagged(chain(500));

        assertThatThrownBy(() -> codec.decode("list", deep))
                .isInstanceOf(RecordFormatException.class)
                .hasMessageContaining("maxDepth");
        assertThatThrownBy(() -> codec.encode("list", chain(500)))
                .isInstanceOf(AttributeNotEncodableException.class)
                .hasMessageContaining("maxDepth");
        assertThat(codec.decode("list", codec.encode("list", chain(5)))).isInstanceOf(Node.class);
    }

    @Test
    void decodeWhenAnArrayIsLongerThanMaxArrayLengthThenRefused() throws Exception {
        JavaSerializationAttributeCodec codec = JavaSerializationAttributeCodec.allowing(Holder.class);

        assertThatThrownBy(() -> codec.decode("ints", tagged(new int[150_000])))
                .isInstanceOf(RecordFormatException.class)
                .hasMessageContaining("maxArrayLength");
        assertThat((int[]) codec.decode("ints", tagged(new int[100_000]))).hasSize(100_000);
    }

    @Test
    @DisplayName("D5: the ObjectInputFilter also bounds what a listed class's readObject allocates")
    void decodeWhenAHashMapDeclaresMillionsOfEntriesThenRefusedBeforeSizingItsTable() throws Exception {
        JavaSerializationAttributeCodec codec = JavaSerializationAttributeCodec.allowing(HashMap.class);
        Map<String, String> map = new HashMap<>();
        map.put("k", "v");
        byte[] stream = tagged(map);
        // HashMap writes TC_BLOCKDATA of 8 bytes: table length 16, then the number of mappings.
        byte[] declaresAMillion = replaceAll(stream,
                new byte[] {0x77, 0x08, 0, 0, 0, 0x10, 0, 0, 0, 1},
                new byte[] {0x77, 0x08, 0, 0, 0, 0x10, 0, 0x0F, 0x42, 0x40});

        assertThatThrownBy(() -> codec.decode("map", declaresAMillion))
                .isInstanceOf(RecordFormatException.class)
                .hasMessageContaining("maxArrayLength");
    }

    @Test
    void decodeWhenMoreReferencesThanMaxReferencesThenRefused() throws Exception {
        List<Holder> many = new ArrayList<>();
        for (int i = 0; i < 12_000; i++) {
            many.add(new Holder(null));
        }
        JavaSerializationAttributeCodec codec = JavaSerializationAttributeCodec.allowing(ArrayList.class, Holder.class);

        assertThatThrownBy(() -> codec.decode("many", tagged(many)))
                .isInstanceOf(RecordFormatException.class)
                .hasMessageContaining("maxReferences");
        assertThat(codec.withLimits(20, 50_000, 1 << 20, 100_000).decode("many", tagged(many)))
                .asInstanceOf(InstanceOfAssertFactories.LIST).hasSize(12_000);
    }

    @Test
    void decodeWhenTheStreamIsLargerThanMaxBytesThenRefused() throws Exception {
        JavaSerializationAttributeCodec codec = JavaSerializationAttributeCodec.allowing(Cart.class, Colour.class)
                .withLimits(20, 1000, 1000, 1000);
        Cart large = new Cart("x".repeat(2000), 1, Colour.RED);

        assertThatThrownBy(() -> codec.decode("cart", tagged(large)))
                .isInstanceOf(RecordFormatException.class)
                .hasMessageContaining("maxBytes");
        assertThatThrownBy(() -> codec.encode("cart", large)).isInstanceOf(AttributeNotEncodableException.class);
    }

    @Test
    @DisplayName("D5: a SerialDOS payload (nested sets sharing children) is refused quickly")
    void decodeWhenGivenASerialDosPayloadThenRefusedQuickly() throws Exception {
        Set<Object> root = new HashSet<>();
        Set<Object> s1 = root;
        Set<Object> s2 = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            Set<Object> t1 = new HashSet<>();
            Set<Object> t2 = new HashSet<>();
            t1.add("foo");
            s1.add(t1);
            s1.add(t2);
            s2.add(t1);
            s2.add(t2);
            s1 = t1;
            s2 = t2;
        }
        byte[] payload = tagged(root);
        JavaSerializationAttributeCodec codec = JavaSerializationAttributeCodec.allowing(HashSet.class);

        Throwable thrown = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> catchThrowable(() -> codec.decode("bomb", payload)));

        assertThat(thrown).isInstanceOf(RecordFormatException.class).hasMessageContaining("maxDepth");
    }

    // ---- malformed input ---------------------------------------------------------------------

    @Test
    void decodeWhenTaggedStreamIsTruncatedAtAnyLengthThenRecordFormatException() {
        JavaSerializationAttributeCodec codec = JavaSerializationAttributeCodec.allowing(Cart.class, Colour.class);
        byte[] valid = codec.encode("cart", CART);

        for (int length = 0; length < valid.length; length++) {
            byte[] truncated = Arrays.copyOf(valid, length);
            assertThat(catchThrowable(() -> codec.decode("cart", truncated)))
                    .as("truncated to %d of %d bytes", length, valid.length)
                    .isInstanceOf(RecordFormatException.class);
        }
    }

    @Test
    void decodeWhenBytesFollowTheStreamThenRecordFormatException() {
        JavaSerializationAttributeCodec codec = JavaSerializationAttributeCodec.allowing(Cart.class, Colour.class);
        byte[] valid = codec.encode("cart", CART);
        byte[] longer = Arrays.copyOf(valid, valid.length + 1);

        assertThatThrownBy(() -> codec.decode("cart", longer))
                .isInstanceOf(RecordFormatException.class)
                .hasMessageContaining("unexpected bytes");
    }

    @Test
    void decodeWhenTheFirstByteIsUnknownThenRecordFormatException() {
        JavaSerializationAttributeCodec codec = JavaSerializationAttributeCodec.allowing(Cart.class);

        assertThatThrownBy(() -> codec.decode("a", new byte[0])).isInstanceOf(RecordFormatException.class);
        assertThatThrownBy(() -> codec.decode("a", new byte[] {0x42, 0})).isInstanceOf(RecordFormatException.class);
        assertThatThrownBy(() -> codec.decode("a", new byte[] {0x4A})).isInstanceOf(RecordFormatException.class);
    }

    // ---- configuration -----------------------------------------------------------------------

    @Test
    void allowingWhenGivenNothingOrANonSerializableTypeThenRejectedNamingIt() {
        assertThatThrownBy(JavaSerializationAttributeCodec::allowing)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("but was empty");
        assertThatThrownBy(() -> JavaSerializationAttributeCodec.allowing(Object.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("types must be Serializable, but was java.lang.Object");
        assertThatThrownBy(() -> JavaSerializationAttributeCodec.allowing(List.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("but was java.util.List");
        assertThatThrownBy(() -> JavaSerializationAttributeCodec.allowing(Cart[].class))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JavaSerializationAttributeCodec.allowing(Cart.class, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("types[1]");
    }

    @Test
    void withLimitsWhenALimitIsBelowOneThenRejectedNamingIt() {
        JavaSerializationAttributeCodec codec = JavaSerializationAttributeCodec.allowing(Cart.class);

        assertThatThrownBy(() -> codec.withLimits(0, 1, 1, 1)).hasMessage("maxDepth must be at least 1, but was 0");
        assertThatThrownBy(() -> codec.withLimits(1, -1, 1, 1)).hasMessage("maxReferences must be at least 1, but was -1");
        assertThatThrownBy(() -> codec.withLimits(1, 1, 0, 1)).hasMessage("maxBytes must be at least 1, but was 0");
        assertThatThrownBy(() -> codec.withLimits(1, 1, 1, 0)).hasMessage("maxArrayLength must be at least 1, but was 0");
    }

    @Test
    void toStringWhenCalledThenShowsTheAllowListAndDefaultLimits() {
        assertThat(JavaSerializationAttributeCodec.allowing(Cart.class).toString())
                .contains(Cart.class.getName())
                .contains("maxDepth 20", "maxReferences 10000", "maxBytes 1048576", "maxArrayLength 100000");
    }

    static byte[] replaceAll(byte[] haystack, String from, String to) {
        return replaceAll(haystack, from.getBytes(StandardCharsets.UTF_8), to.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] replaceAll(byte[] haystack, byte[] needle, byte[] replacement) {
        assertThat(replacement).hasSameSizeAs(needle);
        byte[] out = haystack.clone();
        int replaced = 0;
        for (int i = 0; i + needle.length <= out.length; i++) {
            if (Arrays.equals(out, i, i + needle.length, needle, 0, needle.length)) {
                System.arraycopy(replacement, 0, out, i, replacement.length);
                replaced++;
            }
        }
        assertThat(replaced).as("occurrences replaced").isPositive();
        return out;
    }
}

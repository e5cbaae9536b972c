package io.sealedsession.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.sealedsession.core.AttributeNotEncodableException;
import io.sealedsession.core.RecordFormatException;
import io.sealedsession.core.port.AttributeCodec;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BuiltInAttributeCodecTest {

    private static final AttributeCodec CODEC = AttributeCodec.builtIn();

    private static Object roundTrip(Object value) {
        return CODEC.decode("attr", CODEC.encode("attr", value));
    }

    static Stream<Object> scalars() {
        return Stream.of(
                Boolean.TRUE, Boolean.FALSE,
                0, 1, -1, 63, -64, 64, Integer.MIN_VALUE, Integer.MAX_VALUE,
                0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, (long) Integer.MAX_VALUE + 1,
                0.0, -0.0, 1.5, -2.25e300, Double.MIN_VALUE, Double.MAX_VALUE,
                Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                "", "plain", "caf\u00e9", "\u0000", "emoji \ud83d\ude00 and \ud834\udd1e", "\uffff\ufffe",
                Instant.EPOCH, Instant.MIN, Instant.MAX, Instant.ofEpochSecond(-1, 999_999_999),
                Instant.parse("2025-03-01T10:15:30.123456789Z"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("scalars")
    void decodeWhenGivenTheEncodingOfAScalarThenReturnsAnEqualValueOfTheSameType(Object value) {
        Object decoded = roundTrip(value);

        assertThat(decoded).isEqualTo(value).isExactlyInstanceOf(value.getClass());
    }

    @Test
    void decodeWhenGivenTheEncodingOfNullThenReturnsNull() {
        assertThat(CODEC.encode("attr", null)).containsExactly(1, 0);
        assertThat(roundTrip(null)).isNull();
    }

    @Test
    void decodeWhenDoubleIsNegativeZeroThenSignIsKept() {
        double decoded = (Double) roundTrip(-0.0);

        assertThat(Double.doubleToRawLongBits(decoded)).isEqualTo(Double.doubleToRawLongBits(-0.0));
    }

    @Test
    void decodeWhenByteArrayIsEmptyOrLargeThenContentIsKept() {
        byte[] large = new byte[1 << 20];
        for (int i = 0; i < large.length; i++) {
            large[i] = (byte) (i * 31);
        }

        assertThat((byte[]) roundTrip(new byte[0])).isEmpty();
        assertThat((byte[]) roundTrip(large)).isEqualTo(large);
    }

    @Test
    void decodeWhenStringIsLongThenItIsKept() {
        String longText = "\u00e9\ud83d\ude00x".repeat(100_000);

        assertThat(roundTrip(longText)).isEqualTo(longText);
    }

    @Test
    void decodeWhenValueIsNestedListsAndMapsThenStructureAndTypesAreKept() {
        Map<Object, Object> inner = new LinkedHashMap<>();
        inner.put("count", 3);
        inner.put(7L, List.of(Instant.EPOCH, 2.5, false));
        inner.put(null, null);
        inner.put(Instant.EPOCH, "at epoch");
        inner.put(true, "yes");
        inner.put(1.5, "one and a half");
        List<Object> value = new ArrayList<>();
        value.add(inner);
        value.add(null);
        value.add(List.of());
        value.add(Map.of());
        value.add(new ArrayList<>(List.of(1, 1L, "1")));

        Object decoded = roundTrip(value);

        assertThat(decoded).isEqualTo(value);
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) decoded;
        assertThat(((List<?>) list.get(4)).get(0)).isInstanceOf(Integer.class);
        assertThat(((List<?>) list.get(4)).get(1)).isInstanceOf(Long.class);
        assertThat(new ArrayList<Object>(((Map<?, ?>) list.get(0)).keySet())).containsExactly("count", 7L, null, Instant.EPOCH, true, 1.5);
    }

    @Test
    void decodeWhenMapHasNullKeyAndNullValueThenBothAreKept() {
        Map<Object, Object> map = new HashMap<>();
        map.put(null, "null key");
        map.put("null value", null);

        @SuppressWarnings("unchecked")
        Map<Object, Object> decoded = (Map<Object, Object>) roundTrip(map);

        assertThat(decoded).containsEntry(null, "null key").containsEntry("null value", null).hasSize(2);
    }

    @Test
    void decodeWhenListHoldsByteArraysThenContentIsKept() {
        List<Object> decoded = asList(roundTrip(List.of(new byte[] {1, 2}, new byte[0])));

        assertThat((byte[]) decoded.get(0)).containsExactly(1, 2);
        assertThat((byte[]) decoded.get(1)).isEmpty();
    }

    @Test
    void decodeWhenValueIsAListOrMapThenResultIsUnmodifiable() {
        List<Object> list = asList(roundTrip(new ArrayList<>(List.of(1))));
        Map<?, ?> map = (Map<?, ?>) roundTrip(new HashMap<>(Map.of("k", "v")));

        assertThatThrownBy(() -> list.add(2)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(map::clear).isInstanceOf(UnsupportedOperationException.class);
    }

    // ---- what the codec refuses to encode ----------------------------------------------------

    @Test
    void encodeWhenValueTypeIsUnsupportedThenNotEncodableNamingAttributeAndType() {
        assertThatThrownBy(() -> CODEC.encode("when", new java.util.Date()))
                .isInstanceOf(AttributeNotEncodableException.class)
                .hasMessageContaining("'when'")
                .hasMessageContaining("java.util.Date");
        assertThatThrownBy(() -> CODEC.encode("n", 1.5f))
                .isInstanceOf(AttributeNotEncodableException.class)
                .hasMessageContaining("java.lang.Float");
        assertThatThrownBy(() -> CODEC.encode("n", new int[] {1}))
                .isInstanceOf(AttributeNotEncodableException.class)
                .hasMessageContaining("[I");
    }

    @Test
    void encodeWhenMapKeyIsNotScalarThenNotEncodableNamingAttributeAndKeyType() {
        assertThatThrownBy(() -> CODEC.encode("index", Map.of(List.of(1), "x")))
                .isInstanceOf(AttributeNotEncodableException.class)
                .hasMessageContaining("'index'")
                .hasMessageContaining("map key");
        assertThatThrownBy(() -> CODEC.encode("index", Map.of(new byte[] {1}, "x")))
                .isInstanceOf(AttributeNotEncodableException.class)
                .hasMessageContaining("[B");
    }

    @Test
    void encodeWhenStringHasAnUnpairedSurrogateThenNotEncodableRatherThanSilentlyChanged() {
        for (String broken : List.of("\ud800", "a\udc00b", "x\ud83d", "\ude00\ud83d", "ok \ud83d\ude00 \ud83d")) {
            assertThatThrownBy(() -> CODEC.encode("name", broken))
                    .as(broken)
                    .isInstanceOf(AttributeNotEncodableException.class)
                    .hasMessageContaining("'name'")
                    .hasMessageContaining("surrogate");
        }
        assertThatThrownBy(() -> CODEC.encode("map", Map.of("\ud800", 1)))
                .isInstanceOf(AttributeNotEncodableException.class);
    }

    @Test
    void encodeWhenAMapHoldsTwoEqualKeysThenNotEncodableRatherThanUnreadableLater() {
        Map<Object, Object> identity = new java.util.IdentityHashMap<>();
        identity.put(new String("k"), 1);
        identity.put(new String("k"), 2);

        assertThatThrownBy(() -> CODEC.encode("index", identity))
                .isInstanceOf(AttributeNotEncodableException.class)
                .hasMessageContaining("'index'")
                .hasMessageContaining("equal keys");
    }

    // ---- depth -------------------------------------------------------------------------------

    private static Object nestedLists(int lists, Object innermost) {
        Object value = innermost;
        for (int i = 0; i < lists; i++) {
            List<Object> list = new ArrayList<>();
            list.add(value);
            value = list;
        }
        return value;
    }

    /** The encoding of {@code lists} nested one-element lists around a null, written by hand. */
    private static byte[] nestedListBytes(int lists) {
        byte[] bytes = new byte[2 + 2 * lists];
        bytes[0] = 1;
        for (int i = 0; i < lists; i++) {
            bytes[1 + 2 * i] = 9;
            bytes[2 + 2 * i] = 1;
        }
        bytes[bytes.length - 1] = 0;
        return bytes;
    }

    @Test
    void encodeWhenNestingIsAtTheLimitThenRoundTrips() {
        Object deepest = nestedLists(BuiltInAttributeCodec.MAX_DEPTH, "bottom");

        assertThat(roundTrip(deepest)).isEqualTo(deepest);
    }

    @Test
    void encodeWhenNestedDeeperThanTheLimitThenNotEncodableNamingTheAttribute() {
        assertThatThrownBy(() -> CODEC.encode("tree", nestedLists(BuiltInAttributeCodec.MAX_DEPTH + 1, "bottom")))
                .isInstanceOf(AttributeNotEncodableException.class)
                .hasMessageContaining("'tree'")
                .hasMessageContaining("32");
        assertThatThrownBy(() -> CODEC.encode("tree", nestedLists(10_000, "bottom")))
                .isInstanceOf(AttributeNotEncodableException.class);
    }

    @Test
    void encodeWhenAListContainsItselfThenNotEncodableInsteadOfStackOverflow() {
        List<Object> loop = new ArrayList<>();
        loop.add(loop);
        Map<Object, Object> mapLoop = new HashMap<>();
        mapLoop.put("self", mapLoop);

        assertThat(catchThrowable(() -> CODEC.encode("loop", loop))).isInstanceOf(AttributeNotEncodableException.class);
        assertThat(catchThrowable(() -> CODEC.encode("loop", mapLoop))).isInstanceOf(AttributeNotEncodableException.class);
    }

    @Test
    void decodeWhenNestedDeeperThanTheLimitThenRecordFormatExceptionWithoutStackOverflow() {
        for (int lists : new int[] {BuiltInAttributeCodec.MAX_DEPTH + 2, 1_000, 1_000_000}) {
            Throwable thrown = catchThrowable(() -> CODEC.decode("tree", nestedListBytes(lists)));
            assertThat(thrown).as("%d lists", lists).isInstanceOf(RecordFormatException.class);
        }
    }

    @Test
    void encodeAndDecodeWhenNestingVariesThenBothAgreeOnTheLimit() {
        for (int lists = 0; lists <= BuiltInAttributeCodec.MAX_DEPTH + 3; lists++) {
            Object value = nestedLists(lists, null);
            byte[] handWritten = nestedListBytes(lists);
            Throwable encodeFailure = catchThrowable(() -> CODEC.encode("tree", value));
            Throwable decodeFailure = catchThrowable(() -> CODEC.decode("tree", handWritten));

            assertThat(encodeFailure == null).as("%d lists: encodes", lists).isEqualTo(decodeFailure == null);
            if (encodeFailure == null) {
                assertThat(CODEC.encode("tree", value)).isEqualTo(handWritten);
            }
        }
    }

    // ---- hostile input -----------------------------------------------------------------------

    static Stream<byte[]> hugeDeclarations() {
        return Stream.of(
                bytes(1, 6, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F),            // string of 4 GiB
                bytes(1, 6, 0xFF, 0xFF, 0xFF, 0xFF, 0x07),            // string of 2 GiB - 1
                bytes(1, 7, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 1, 2, 3),   // byte[] of 2 GiB - 1
                bytes(1, 9, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0, 0, 0),   // list of 2^31 - 1 items
                bytes(1, 10, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0, 0),     // map of 2^31 - 1 entries
                bytes(1, 9, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01), // count of -1
                bytes(1, 9, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01), // 11-byte varint
                bytes(1, 9, 0xFF, 0xFF, 0x03, 9, 0xFF, 0xFF, 0x03)); // nested lists that each claim 65535 items
    }

    @ParameterizedTest
    @MethodSource("hugeDeclarations")
    @DisplayName("D6: a value that declares a huge length or count is refused before anything is sized by it")
    void decodeWhenInputDeclaresAHugeLengthThenRefusedQuicklyWithoutLargeAllocation(byte[] input) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        catchThrowable(() -> CODEC.decode("warm-up", input));

        long before = threads.getCurrentThreadAllocatedBytes();
        long start = System.nanoTime();
        Throwable thrown = catchThrowable(() -> CODEC.decode("hostile", input));
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(thrown).isInstanceOf(RecordFormatException.class);
        assertThat(elapsedMillis).isLessThan(500);
        assertThat(allocated).as("bytes allocated while decoding %d bytes", input.length).isLessThan(256 * 1024);
    }

    @Test
    void decodeWhenInputIsTruncatedAtAnyLengthThenRecordFormatException() {
        Map<Object, Object> map = new LinkedHashMap<>();
        map.put("list", List.of(1, 2L, 3.0, "four", new byte[] {5}, Instant.ofEpochSecond(6, 7)));
        map.put(null, true);
        byte[] valid = CODEC.encode("attr", map);

        for (int length = 0; length < valid.length; length++) {
            byte[] truncated = Arrays.copyOf(valid, length);
            assertThat(catchThrowable(() -> CODEC.decode("attr", truncated)))
                    .as("truncated to %d of %d bytes", length, valid.length)
                    .isInstanceOf(RecordFormatException.class);
        }
    }

    @Test
    void decodeWhenATrailingByteFollowsTheValueThenRecordFormatException() {
        byte[] valid = CODEC.encode("attr", List.of("a"));
        byte[] longer = Arrays.copyOf(valid, valid.length + 1);

        assertThatThrownBy(() -> CODEC.decode("attr", longer)).isInstanceOf(RecordFormatException.class);
    }

    @Test
    void decodeWhenFormatOrTagIsUnknownThenRecordFormatExceptionNamingTheAttribute() {
        assertThatThrownBy(() -> CODEC.decode("attr", bytes(2, 0)))
                .isInstanceOf(RecordFormatException.class)
                .hasMessageContaining("'attr'");
        assertThatThrownBy(() -> CODEC.decode("attr", bytes(1, 11))).isInstanceOf(RecordFormatException.class);
        assertThatThrownBy(() -> CODEC.decode("attr", bytes(1, 0xFF))).isInstanceOf(RecordFormatException.class);
        assertThatThrownBy(() -> CODEC.decode("attr", new byte[0])).isInstanceOf(RecordFormatException.class);
    }

    @Test
    void decodeWhenValueIsOutOfRangeForItsTypeThenRecordFormatException() {
        BinaryWriter tooBigInt = new BinaryWriter(16).writeByte(1).writeByte(3).writeSignedVarLong(1L << 31);
        BinaryWriter badNanos = new BinaryWriter(16).writeByte(1).writeByte(8).writeSignedVarLong(0).writeVarLong(1_000_000_000);
        BinaryWriter tooLate = new BinaryWriter(16).writeByte(1).writeByte(8)
                .writeSignedVarLong(Instant.MAX.getEpochSecond() + 1).writeVarLong(0);
        BinaryWriter badUtf8 = new BinaryWriter(16).writeByte(1).writeByte(6).writeBytes(bytes(0xC0, 0x80));
        BinaryWriter encodedSurrogate = new BinaryWriter(16).writeByte(1).writeByte(6).writeBytes(bytes(0xED, 0xA0, 0x80));

        for (BinaryWriter input : List.of(tooBigInt, badNanos, tooLate, badUtf8, encodedSurrogate)) {
            assertThat(catchThrowable(() -> CODEC.decode("attr", input.toByteArray())))
                    .isInstanceOf(RecordFormatException.class);
        }
    }

    @Test
    void decodeWhenMapHasDuplicateOrUnstableKeysThenRecordFormatException() {
        byte[] duplicate = bytes(1, 10, 2, 6, 1, 'k', 0, 6, 1, 'k', 0);
        byte[] listKey = bytes(1, 10, 1, 9, 0, 0);
        byte[] bytesKey = bytes(1, 10, 1, 7, 0, 0);

        assertThatThrownBy(() -> CODEC.decode("attr", duplicate)).isInstanceOf(RecordFormatException.class);
        assertThatThrownBy(() -> CODEC.decode("attr", listKey)).isInstanceOf(RecordFormatException.class);
        assertThatThrownBy(() -> CODEC.decode("attr", bytesKey)).isInstanceOf(RecordFormatException.class);
    }

    @Test
    @DisplayName("D5: a Java serialization stream given as a value is refused, not deserialized")
    void decodeWhenGivenAJavaSerializationStreamThenRecordFormatException() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(buffer)) {
            out.writeObject(new HashMap<>(Map.of("k", "v")));
        }

        assertThat(catchThrowable(() -> CODEC.decode("attr", buffer.toByteArray())))
                .isInstanceOf(RecordFormatException.class);
    }

    private static List<Object> asList(Object value) {
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) value;
        return list;
    }

    static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}

package io.sealedsession.core.internal;

import static io.sealedsession.core.internal.BuiltInAttributeCodecTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.sealedsession.core.RecordFormatException;
import io.sealedsession.core.SessionKey;
import io.sealedsession.core.SessionToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RecordCodecTest {

    private static final Instant CREATED = Instant.parse("2025-03-01T10:00:00.123Z");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Sets a flag when Java serialization reads an instance. */
    static final class ReadProbe implements Serializable {
        private static final long serialVersionUID = 1L;
        static final AtomicBoolean READ = new AtomicBoolean();
        String payload = "probe";

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            READ.set(true);
            in.defaultReadObject();
        }
    }

    static SessionRecord record(String principal, Map<String, byte[]> attributes) {
        return new SessionRecord(CREATED, CREATED.plusSeconds(60), CREATED.plusSeconds(30), Duration.ofMinutes(30),
                CREATED.plus(Duration.ofHours(8)), principal, attributes);
    }

    static void assertSameRecord(SessionRecord actual, SessionRecord expected) {
        assertThat(actual.createdAt()).isEqualTo(expected.createdAt());
        assertThat(actual.lastAccessedAt()).isEqualTo(expected.lastAccessedAt());
        assertThat(actual.tokenIssuedAt()).isEqualTo(expected.tokenIssuedAt());
        assertThat(actual.idleTimeout()).isEqualTo(expected.idleTimeout());
        assertThat(actual.absoluteDeadline()).isEqualTo(expected.absoluteDeadline());
        assertThat(actual.principal()).isEqualTo(expected.principal());
        assertThat(actual.attributes().keySet()).containsExactlyElementsOf(expected.attributes().keySet());
        expected.attributes().forEach((name, value) -> assertThat(actual.attributes().get(name)).as(name).isEqualTo(value));
    }

    private static Map<String, byte[]> someAttributes() {
        Map<String, byte[]> attributes = new LinkedHashMap<>();
        attributes.put("cart", BuiltInAttributeCodec.INSTANCE.encode("cart", java.util.List.of("apple", 3)));
        attributes.put("empty", new byte[0]);
        attributes.put("caf\u00e9 \ud83d\ude00", new byte[] {(byte) 0xAC, (byte) 0xED, 0, 5});
        return attributes;
    }

    private static byte[] javaSerialized(Object value) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(buffer)) {
            out.writeObject(value);
        }
        return buffer.toByteArray();
    }

    // ---- round trips -------------------------------------------------------------------------

    @Test
    void decodeWhenRecordHasNoPrincipalAndNoAttributesThenRoundTrips() {
        SessionRecord record = record(null, Map.of());

        assertSameRecord(RecordCodec.decode(RecordCodec.encode(record)), record);
    }

    @Test
    void decodeWhenRecordHasAPrincipalAndAttributesThenRoundTripsInOrder() {
        SessionRecord record = record("alice@example.com", someAttributes());

        SessionRecord decoded = RecordCodec.decode(RecordCodec.encode(record));

        assertSameRecord(decoded, record);
        assertThat(decoded.principal()).isEqualTo("alice@example.com");
    }

    @Test
    void decodeWhenPrincipalIsNonAsciiOrEmptyThenItIsKept() {
        for (String principal : new String[] {"Zo\u00eb \u5f20 \ud83d\ude00", ""}) {
            SessionRecord record = record(principal, Map.of());
            assertThat(RecordCodec.decode(RecordCodec.encode(record)).principal()).isEqualTo(principal);
        }
    }

    @Test
    void encodeWhenPrincipalHasAnUnpairedSurrogateThenRefusedInsteadOfWrittenAsQuestionMark() {
        assertThatThrownBy(() -> RecordCodec.encode(record("bob\ud800", Map.of())))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void encodeWhenRecordIsGivenThenStartsWithMagicAndFormat() {
        assertThat(Arrays.copyOf(RecordCodec.encode(record(null, Map.of())), 3))
                .containsExactly('S', 'R', RecordCodec.FORMAT);
    }

    // ---- D5: Java serialization --------------------------------------------------------------

    @Test
    @DisplayName("D5: a real Java serialization stream is refused by name, never deserialized")
    void decodeWhenGivenAnObjectOutputStreamOfAHashMapThenRefusedMentioningJavaSerialization() throws IOException {
        byte[] stream = javaSerialized(new HashMap<>(Map.of("role", "admin")));
        assertThat(Arrays.copyOf(stream, 4)).containsExactly(0xAC, 0xED, 0x00, 0x05);

        assertThatThrownBy(() -> RecordCodec.decode(stream))
                .isExactlyInstanceOf(RecordFormatException.class)
                .hasMessageContaining("Java serialization")
                .hasNoCause();
    }

    @Test
    @DisplayName("D5: a Java serialization stream is refused before any of its objects is read")
    void decodeWhenStreamHoldsAnObjectWithReadObjectThenItsReadObjectNeverRuns() throws IOException {
        byte[] stream = javaSerialized(new ReadProbe());
        ReadProbe.READ.set(false);

        Throwable thrown = catchThrowable(() -> RecordCodec.decode(stream));

        assertThat(thrown).isExactlyInstanceOf(RecordFormatException.class).hasMessageContaining("Java serialization");
        assertThat(ReadProbe.READ).isFalse();
    }

    @Test
    @DisplayName("D5: a stream naming a class that does not exist is refused as a format error, without a class lookup")
    void decodeWhenStreamNamesAnUnknownClassThenRecordFormatExceptionNotClassNotFound() throws Exception {
        String realName = ReadProbe.class.getName();
        String missingName = realName.substring(0, realName.length() - 1) + "Z";
        byte[] stream = replace(javaSerialized(new ReadProbe()), realName, missingName);
        // The payload is meaningful: a plain ObjectInputStream would go looking for the class.
        assertThatThrownBy(() -> new ObjectInputStream(new java.io.ByteArrayInputStream(stream)).readObject())
                .isInstanceOf(ClassNotFoundException.class)
                .hasMessageContaining(missingName);

        Throwable thrown = catchThrowable(() -> RecordCodec.decode(stream));

        assertThat(thrown).isExactlyInstanceOf(RecordFormatException.class).hasMessageContaining("Java serialization");
        assertThat(thrown.getMessage()).doesNotContain(missingName);
    }

    @Test
    @DisplayName("D5: the two magic bytes alone are enough to be refused")
    void decodeWhenOnlyTheMagicIsPresentThenRefusedMentioningJavaSerialization() {
        assertThatThrownBy(() -> RecordCodec.decode(bytes(0xAC, 0xED)))
                .isInstanceOf(RecordFormatException.class)
                .hasMessageContaining("Java serialization");
    }

    private static byte[] replace(byte[] haystack, String from, String to) {
        byte[] needle = from.getBytes(StandardCharsets.UTF_8);
        byte[] replacement = to.getBytes(StandardCharsets.UTF_8);
        assertThat(replacement).hasSameSizeAs(needle);
        byte[] out = haystack.clone();
        int replaced = 0;
        for (int i = 0; i + needle.length <= out.length; i++) {
            if (Arrays.equals(out, i, i + needle.length, needle, 0, needle.length)) {
                System.arraycopy(replacement, 0, out, i, replacement.length);
                replaced++;
            }
        }
        assertThat(replaced).isPositive();
        return out;
    }

    // ---- malformed records -------------------------------------------------------------------

    @Test
    @DisplayName("D2: a record truncated at any length is refused")
    void decodeWhenTruncatedAtAnyLengthThenRecordFormatException() {
        byte[] valid = RecordCodec.encode(record("alice", someAttributes()));

        for (int length = 0; length < valid.length; length++) {
            byte[] truncated = Arrays.copyOf(valid, length);
            assertThat(catchThrowable(() -> RecordCodec.decode(truncated)))
                    .as("truncated to %d of %d bytes", length, valid.length)
                    .isInstanceOf(RecordFormatException.class);
        }
    }

    @Test
    void decodeWhenATrailingByteFollowsTheRecordThenRecordFormatException() {
        byte[] valid = RecordCodec.encode(record("alice", someAttributes()));

        for (int extra = 0; extra < 256; extra += 51) {
            byte[] longer = Arrays.copyOf(valid, valid.length + 1);
            longer[valid.length] = (byte) extra;
            assertThatThrownBy(() -> RecordCodec.decode(longer)).isInstanceOf(RecordFormatException.class);
        }
    }

    @Test
    void decodeWhenMagicOrFormatIsWrongThenRecordFormatException() {
        byte[] valid = RecordCodec.encode(record(null, Map.of()));
        byte[] badMagic = valid.clone();
        badMagic[1] = 'X';
        byte[] futureFormat = valid.clone();
        futureFormat[2] = RecordCodec.FORMAT + 1;

        assertThatThrownBy(() -> RecordCodec.decode(badMagic)).isInstanceOf(RecordFormatException.class)
                .hasMessageContaining("magic");
        assertThatThrownBy(() -> RecordCodec.decode(futureFormat)).isInstanceOf(RecordFormatException.class)
                .hasMessageContaining("format " + (RecordCodec.FORMAT + 1));
        assertThatThrownBy(() -> RecordCodec.decode(new byte[0])).isInstanceOf(RecordFormatException.class);
    }

    @Test
    void decodeWhenFieldsAreOutOfRangeThenRecordFormatException() {
        byte[] zeroIdle = header().writeVarLong(0).writeByte(0).writeVarLong(0).toByteArray();
        byte[] badPrincipalMarker = header().writeVarLong(1000).writeByte(2).writeVarLong(0).toByteArray();
        byte[] emptyName = header().writeVarLong(1000).writeByte(0).writeVarLong(1)
                .writeString("").writeBytes(new byte[0]).toByteArray();
        byte[] longName = header().writeVarLong(1000).writeByte(0).writeVarLong(1)
                .writeString("n".repeat(RecordCodec.maxNameLength() + 1)).writeBytes(new byte[0]).toByteArray();
        byte[] duplicateName = header().writeVarLong(1000).writeByte(0).writeVarLong(2)
                .writeString("a").writeBytes(new byte[0]).writeString("a").writeBytes(new byte[0]).toByteArray();
        byte[] hugeCount = header().writeVarLong(1000).writeByte(0).writeVarLong(Integer.MAX_VALUE).toByteArray();
        byte[] fine = header().writeVarLong(1000).writeByte(0).writeVarLong(1)
                .writeString("n".repeat(RecordCodec.maxNameLength())).writeBytes(new byte[0]).toByteArray();

        for (byte[] input : new byte[][] {zeroIdle, badPrincipalMarker, emptyName, longName, duplicateName, hugeCount}) {
            assertThat(catchThrowable(() -> RecordCodec.decode(input))).isInstanceOf(RecordFormatException.class);
        }
        assertThat(RecordCodec.decode(fine).attributes()).hasSize(1);
    }

    private static BinaryWriter header() {
        BinaryWriter out = new BinaryWriter(64).writeByte('S').writeByte('R').writeByte(RecordCodec.FORMAT);
        for (int i = 0; i < 4; i++) {
            out.writeSignedVarLong(CREATED.toEpochMilli());
        }
        return out;
    }

    // ---- associated data (D2) ----------------------------------------------------------------

    @Test
    @DisplayName("D2: associated data differs for another namespace or another key, and is stable otherwise")
    void associatedDataWhenNamespaceOrKeyDiffersThenBytesDiffer() {
        SessionKey key = SessionToken.generate(RANDOM).key();
        SessionKey otherKey = SessionToken.generate(RANDOM).key();

        byte[] base = RecordCodec.associatedData("ss", key);

        assertThat(RecordCodec.associatedData("ss", key)).isEqualTo(base);
        assertThat(RecordCodec.associatedData("ss2", key)).isNotEqualTo(base);
        assertThat(RecordCodec.associatedData("s", key)).isNotEqualTo(base);
        assertThat(RecordCodec.associatedData("ss", otherKey)).isNotEqualTo(base);
    }

    @Test
    @DisplayName("D2: associated data cannot be made equal by moving characters between namespace and key")
    void associatedDataWhenBoundaryBetweenNamespaceAndKeyShiftsThenBytesDiffer() {
        String keyValue = SessionToken.generate(RANDOM).key().value();
        SessionKey key = new SessionKey(keyValue);
        SessionKey shifted = new SessionKey(keyValue.substring(1) + "A");

        byte[] a = RecordCodec.associatedData("ns", key);
        byte[] b = RecordCodec.associatedData("ns" + keyValue.charAt(0), shifted);

        assertThat(a).isNotEqualTo(b);
    }

    @Test
    @DisplayName("T4: associated data holds the key, never the token")
    void associatedDataWhenBuiltThenHoldsTheFormatAndKeyButNotTheToken() {
        SessionToken token = SessionToken.generate(RANDOM);

        String text = new String(RecordCodec.associatedData("ss", token.key()), StandardCharsets.ISO_8859_1);

        assertThat(text).startsWith("SR" + (char) RecordCodec.FORMAT)
                .contains(token.key().value())
                .doesNotContain(token.revealValue());
    }

    @Test
    @DisplayName("D2: associated data is the format, the namespace and the key, each length-prefixed, byte for byte")
    void associatedDataWhenBuiltFromAPrefixThenMatchesTheDocumentedLayout() {
        for (String namespace : new String[] {"ss", "s", "app-1", "n".repeat(64)}) {
            SessionKey key = SessionToken.generate(RANDOM).key();
            byte[] expected = new BinaryWriter(16).writeByte('S').writeByte('R').writeByte(RecordCodec.FORMAT)
                    .writeBytes(namespace.getBytes(StandardCharsets.UTF_8))
                    .writeBytes(key.value().getBytes(StandardCharsets.US_ASCII))
                    .toByteArray();

            assertThat(RecordCodec.associatedData(namespace, key)).isEqualTo(expected);
            assertThat(RecordCodec.associatedData(RecordCodec.associatedDataPrefix(namespace), key)).isEqualTo(expected);
        }
    }
}

package io.sealedsession.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedsession.cli.doctor.RecordShapes.KeyKind;
import io.sealedsession.crypto.SessionKeyring;
import io.sealedsession.redis.StoredRecords;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Telling the store's own keys and sealed values from anything else, without a key to open them. */
class RecordShapesTest {

    private static final String KEY = "A".repeat(43);
    private final RecordShapes shapes = new RecordShapes("ss");

    @Test
    @DisplayName("record and index key names of the namespace are recognised; anything else is OTHER")
    void keyKinds() {
        String sessionKey = "abcdefghijklmnopqrstuvwxyz0123456789-_ABCDE";

        assertThat(shapes.kind("ss:s:{" + sessionKey + "}")).isEqualTo(KeyKind.RECORD);
        assertThat(shapes.kind("ss:p:{" + sessionKey + "}")).isEqualTo(KeyKind.INDEX);
        assertThat(shapes.kind("ss:p:{short}")).isEqualTo(KeyKind.INDEX);
        assertThat(shapes.kind("ss:s:{" + sessionKey.substring(1) + "}")).isEqualTo(KeyKind.OTHER);
        assertThat(shapes.kind("ss:s:" + sessionKey)).isEqualTo(KeyKind.OTHER);
        assertThat(shapes.kind("other:s:{" + sessionKey + "}")).isEqualTo(KeyKind.OTHER);
        assertThat(shapes.kind("ss:user:alice")).isEqualTo(KeyKind.OTHER);
        assertThat(shapes.kind("ss:l:{" + sessionKey + "}")).isEqualTo(KeyKind.LOCK);
        assertThat(shapes.kind("ss:t:{" + sessionKey + "}")).isEqualTo(KeyKind.THROTTLE);
        assertThat(shapes.kind("ss:l:{short}")).isEqualTo(KeyKind.OTHER);
        assertThat(shapes.kind("ss:e:{" + sessionKey + "}")).isEqualTo(KeyKind.EXPIRY_CLAIM);
        assertThat(shapes.kind("ss:e:{short}")).isEqualTo(KeyKind.OTHER);
        assertThat(RecordShapes.isExpiryClaim(new byte[] {'1'})).isTrue();
        assertThat(RecordShapes.isExpiryClaim(new byte[] {'1', '2'})).isFalse();
        assertThat(RecordShapes.isFence(sessionKey.getBytes(java.nio.charset.StandardCharsets.US_ASCII))).isTrue();
        assertThat(RecordShapes.isFence("alice".getBytes(java.nio.charset.StandardCharsets.US_ASCII))).isFalse();
        assertThat(RecordShapes.isThrottleCount("3:1767225600000".getBytes(java.nio.charset.StandardCharsets.US_ASCII))).isTrue();
        assertThat(RecordShapes.isThrottleCount("alice:3".getBytes(java.nio.charset.StandardCharsets.US_ASCII))).isFalse();
    }

    @Test
    @DisplayName("a record sealed by the real sealer in its version frame passes")
    void sealedRecordPasses() {
        byte[] sealed = SessionKeyring.generate().sealer().seal("{}".getBytes(StandardCharsets.UTF_8), new byte[] {1});

        assertThat(RecordShapes.recordProblem(frame(1, sealed))).isNull();
        assertThat(RecordShapes.recordProblem(frame(7_000, sealed))).isNull();
    }

    @Test
    @DisplayName("cleartext, a missing frame, a missing Tink prefix or an impossible length are each named")
    void otherValuesFail() {
        byte[] sealed = SessionKeyring.generate().sealer().seal(new byte[40], new byte[] {1});
        byte[] json = "{\"user\":\"alice\",\"roles\":[\"admin\"],\"csrf\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        byte[] versionZero = frame(1, sealed);
        Arrays.fill(versionZero, 0, StoredRecords.VERSION_PREFIX_LENGTH, (byte) 0);
        byte[] noPrefix = frame(1, sealed);
        noPrefix[StoredRecords.VERSION_PREFIX_LENGTH] = 0x00;

        assertThat(RecordShapes.recordProblem(json)).contains("byte 9 is not the prefix 0x01");
        assertThat(RecordShapes.recordProblem("hello".getBytes(StandardCharsets.UTF_8))).contains("5 bytes, shorter");
        assertThat(RecordShapes.recordProblem(versionZero)).contains("no version frame");
        assertThat(RecordShapes.recordProblem(noPrefix)).contains("no Tink ciphertext");
    }

    @Test
    @DisplayName("index members must be 43-character base64url session keys")
    void indexMembers() {
        assertThat(RecordShapes.isSessionKey(KEY.getBytes(StandardCharsets.US_ASCII))).isTrue();
        assertThat(RecordShapes.isSessionKey("alice".getBytes(StandardCharsets.US_ASCII))).isFalse();
        assertThat(RecordShapes.isSessionKey((KEY.substring(1) + "=").getBytes(StandardCharsets.US_ASCII))).isFalse();
    }

    @Test
    @DisplayName("key names in a report are printable and at most 80 characters")
    void printable() {
        assertThat(RecordShapes.printable("ss:\u0001x")).isEqualTo("ss:?x");
        assertThat(RecordShapes.printable("k".repeat(100))).hasSize(81).endsWith("…");
    }

    /** The stored layout written by hand, as the store's design describes it: an 8-byte big-endian version, then the sealed bytes. */
    private static byte[] frame(long version, byte[] sealed) {
        return ByteBuffer.allocate(8 + sealed.length).putLong(version).put(sealed).array();
    }
}

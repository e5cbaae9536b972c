package io.sealedsession.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedsession.core.SessionKey;
import io.sealedsession.core.SessionToken;
import io.sealedsession.core.internal.RecordCodec;
import io.sealedsession.core.port.PrincipalKey;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TinkSessionSealerTest {

    private static final SessionKeyring KEYRING = SessionKeyring.generate();
    private static final TinkSessionSealer SEALER = KEYRING.sealer();
    private static final byte[] PLAINTEXT = "alice-secret-attribute".getBytes(StandardCharsets.UTF_8);
    private static final byte[] AD = associatedData("app");

    private static byte[] associatedData(String namespace) {
        SessionKey key = SessionToken.generate(new SecureRandom()).key();
        return RecordCodec.associatedData(namespace, key);
    }

    @Test
    @DisplayName("D1: a sealed record opens to the same bytes")
    void openWhenSealedWithSameKeyringAndAdThenPlaintext() {
        byte[] sealed = SEALER.seal(PLAINTEXT, AD);

        assertThat(SEALER.open(sealed, AD)).hasValueSatisfying(opened -> assertThat(opened).isEqualTo(PLAINTEXT));
    }

    @Test
    void openWhenPlaintextEmptyThenEmptyPlaintext() {
        byte[] sealed = SEALER.seal(new byte[0], AD);

        assertThat(SEALER.open(sealed, AD)).hasValueSatisfying(opened -> assertThat(opened).isEmpty());
    }

    @Test
    @DisplayName("D1: the ciphertext does not contain the plaintext, and sealing twice gives different bytes")
    void sealWhenCalledThenCiphertextHidesPlaintext() {
        byte[] first = SEALER.seal(PLAINTEXT, AD);
        byte[] second = SEALER.seal(PLAINTEXT, AD);

        assertThat(indexOf(first, PLAINTEXT)).isEqualTo(-1);
        assertThat(new String(first, StandardCharsets.ISO_8859_1)).doesNotContain("alice", "secret", "attribute");
        assertThat(first).isNotEqualTo(second);
        assertThat(first).hasSize(PLAINTEXT.length + 5 + 12 + 16);
    }

    @Test
    @DisplayName("D1: every record is sealed with the primary key and names it in its prefix")
    void sealWhenCalledThenPrefixNamesPrimaryKey() {
        assertThat(TestKeys.keyIdOf(SEALER.seal(PLAINTEXT, AD))).isEqualTo(KEYRING.primaryKeyId());
    }

    @Test
    @DisplayName("D2: a record moved under another session key does not open")
    void openWhenAssociatedDataIsOtherSessionKeyThenEmpty() {
        byte[] sealed = SEALER.seal(PLAINTEXT, AD);

        assertThat(SEALER.open(sealed, associatedData("app"))).isEmpty();
    }

    @Test
    @DisplayName("D2: a record moved under another namespace does not open")
    void openWhenAssociatedDataIsOtherNamespaceThenEmpty() {
        SessionKey key = SessionToken.generate(new SecureRandom()).key();
        byte[] sealed = SEALER.seal(PLAINTEXT, RecordCodec.associatedData("app", key));

        assertThat(SEALER.open(sealed, RecordCodec.associatedData("other", key))).isEmpty();
        assertThat(SEALER.open(sealed, new byte[0])).isEmpty();
    }

    @Test
    @DisplayName("D2: a record truncated to any length does not open, and nothing throws")
    void openWhenRecordTruncatedThenEmpty() {
        byte[] sealed = SEALER.seal(PLAINTEXT, AD);

        for (int length = 0; length < sealed.length; length++) {
            byte[] truncated = Arrays.copyOf(sealed, length);
            assertThat(SEALER.open(truncated, AD)).as("truncated to %d bytes", length).isEmpty();
        }
        byte[] extended = Arrays.copyOf(sealed, sealed.length + 1);
        assertThat(SEALER.open(extended, AD)).as("one byte appended").isEmpty();
    }

    @Test
    @DisplayName("D2: a record with any single bit flipped does not open, and nothing throws")
    void openWhenRecordBitFlippedThenEmpty() {
        byte[] sealed = SEALER.seal("ab".getBytes(StandardCharsets.UTF_8), AD);

        for (int position = 0; position < sealed.length; position++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] flipped = sealed.clone();
                flipped[position] ^= (byte) (1 << bit);
                assertThat(SEALER.open(flipped, AD)).as("bit %d of byte %d flipped", bit, position).isEmpty();
            }
        }
    }

    @Test
    @DisplayName("D2: associated data with any single bit flipped does not open the record")
    void openWhenAssociatedDataBitFlippedThenEmpty() {
        byte[] sealed = SEALER.seal(PLAINTEXT, AD);

        for (int position = 0; position < AD.length; position++) {
            byte[] flipped = AD.clone();
            flipped[position] ^= 0x01;
            assertThat(SEALER.open(sealed, flipped)).as("byte %d of the associated data altered", position).isEmpty();
        }
    }

    @Test
    @DisplayName("D1: a record sealed by another keyring does not open")
    void openWhenSealedByOtherKeyringThenEmpty() {
        byte[] sealed = SessionKeyring.generate().sealer().seal(PLAINTEXT, AD);

        assertThat(SEALER.open(sealed, AD)).isEmpty();
    }

    @Test
    @DisplayName("D2: a record sealed by another keyring does not open even when its key id is rewritten to ours")
    void openWhenForeignRecordCarriesOurKeyIdThenEmpty() {
        byte[] sealed = SessionKeyring.generate().sealer().seal(PLAINTEXT, AD);
        byte[] ours = SEALER.seal(PLAINTEXT, AD);
        System.arraycopy(ours, 0, sealed, 0, 5);

        assertThat(SEALER.open(sealed, AD)).isEmpty();
    }

    @Test
    @DisplayName("D2: random bytes of any length, the empty array included, open as empty and never throw")
    void openWhenGarbageThenEmpty() {
        Random random = new Random(20240611L);
        byte[] prefix = Arrays.copyOf(SEALER.seal(PLAINTEXT, AD), 5);
        for (int length = 0; length <= 300; length++) {
            byte[] garbage = new byte[length];
            random.nextBytes(garbage);
            assertThat(SEALER.open(garbage, AD)).as("%d random bytes", length).isEmpty();
            if (length >= 5) {
                System.arraycopy(prefix, 0, garbage, 0, 5);
                assertThat(SEALER.open(garbage, AD)).as("%d random bytes behind our key id", length).isEmpty();
            }
        }
        assertThat(SEALER.open(new byte[0], new byte[0])).isEmpty();
        assertThat(SEALER.open(new byte[] {(byte) 0xAC, (byte) 0xED, 0x00, 0x05}, AD)).isEmpty();
    }

    @Test
    void openWhenNullThenNullPointerException() {
        assertThatThrownBy(() -> SEALER.open(null, AD)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> SEALER.seal(PLAINTEXT, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void principalKeyWhenSameNameTwiceThenSameKey() {
        assertThat(SEALER.principalKey("alice")).isEqualTo(SEALER.principalKey("alice"));
        assertThat(KEYRING.sealer().principalKey("alice")).isEqualTo(SEALER.principalKey("alice"));
    }

    @Test
    void principalKeyWhenOtherKeyringThenOtherKey() {
        assertThat(SessionKeyring.generate().sealer().principalKey("alice")).isNotEqualTo(SEALER.principalKey("alice"));
    }

    @Test
    void principalKeyWhenNamesDifferThenKeysDiffer() {
        List<String> names = List.of("alice", "Alice", "alice ", "bob", "", "alice@example.com", "ålice", "a".repeat(1024));
        Set<PrincipalKey> keys = new HashSet<>();
        for (String name : names) {
            keys.add(SEALER.principalKey(name));
        }

        assertThat(keys).hasSameSizeAs(names);
    }

    @Test
    @DisplayName("D1: a principal key is an opaque 256-bit base64url value that does not contain the name")
    void principalKeyWhenComputedThenOpaqueBase64Url() {
        for (String name : List.of("alice", "bob@example.com", "carol-the-administrator")) {
            PrincipalKey key = SEALER.principalKey(name);

            assertThat(key.value()).hasSize(43).matches("[A-Za-z0-9_-]{43}").doesNotContain(name);
            assertThat(Base64.getUrlDecoder().decode(key.value())).hasSize(32);
            assertThat(key.toString()).doesNotContain(key.value());
        }
    }

    @Test
    @DisplayName("D1: a principal key is HMAC-SHA256 of the domain-separated name, so it is stable across releases")
    void principalKeyWhenComputedThenHmacSha256OfPrefixedName() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(TestKeys.principalKeyBytes(KEYRING), "HmacSHA256"));
        byte[] expected = mac.doFinal("sealedsession-principal/1:alice".getBytes(StandardCharsets.UTF_8));
        byte[] undomained = mac.doFinal("alice".getBytes(StandardCharsets.UTF_8));

        String actual = SEALER.principalKey("alice").value();

        assertThat(actual).isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(expected));
        assertThat(actual).isNotEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(undomained));
    }

    @Test
    void principalKeyWhenNameHasUnpairedSurrogateThenIllegalArgument() {
        assertThatThrownBy(() -> SEALER.principalKey("alice\uD800"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unpaired surrogate")
                .hasMessageNotContaining("alice");
    }

    @Test
    void toStringWhenCalledThenNamesPrimaryKeyOnly() {
        assertThat(SEALER.toString())
                .isEqualTo("TinkSessionSealer[AES-256-GCM, primary key " + Integer.toUnsignedString(KEYRING.primaryKeyId()) + "]");
    }

    @Test
    void sealerWhenUsedFromManyThreadsThenEveryRecordOpens() throws Exception {
        List<Thread> threads = new ArrayList<>();
        Set<Throwable> failures = ConcurrentHashMap.newKeySet();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                try {
                    for (int i = 0; i < 500; i++) {
                        byte[] plaintext = ("record-" + i).getBytes(StandardCharsets.UTF_8);
                        Optional<byte[]> opened = SEALER.open(SEALER.seal(plaintext, AD), AD);
                        if (opened.isEmpty() || !Arrays.equals(opened.get(), plaintext)) {
                            throw new AssertionError("record " + i + " did not open to its plaintext");
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(failures).isEmpty();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

package io.sealedsession.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedsession.crypto.KeyInfo.Status;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SessionKeyringRotationTest {

    private static final byte[] RECORD = "session record".getBytes(StandardCharsets.UTF_8);
    private static final byte[] AD = "ad".getBytes(StandardCharsets.UTF_8);

    @Test
    void generateWhenCalledThenOneEnabledPrimaryKey() {
        SessionKeyring keyring = SessionKeyring.generate();

        assertThat(keyring.aeadKeys()).singleElement().satisfies(key -> {
            assertThat(key.status()).isEqualTo(Status.ENABLED);
            assertThat(key.primary()).isTrue();
            assertThat(key.id()).isEqualTo(keyring.primaryKeyId());
        });
    }

    @Test
    void withNewKeyWhenCalledThenEnabledButNotPrimaryAndOriginalUnchanged() {
        SessionKeyring original = SessionKeyring.generate();

        SessionKeyring extended = original.withNewKey();

        assertThat(original.aeadKeys()).hasSize(1);
        assertThat(extended.aeadKeys()).hasSize(2);
        assertThat(extended.primaryKeyId()).isEqualTo(original.primaryKeyId());
        KeyInfo added = newKey(original, extended);
        assertThat(added.status()).isEqualTo(Status.ENABLED);
        assertThat(added.primary()).isFalse();
        assertThat(TestKeys.keyIdOf(extended.sealer().seal(RECORD, AD))).isEqualTo(original.primaryKeyId());
    }

    @Test
    @DisplayName("H6: an emergency rotation opens no record sealed before, under any earlier key, and keeps the principal key")
    void emergencyRotationWhenCalledThenNothingSealedBeforeOpens() {
        SessionKeyring k1 = SessionKeyring.generate();
        byte[] underFirst = k1.sealer().seal(RECORD, AD);
        SessionKeyring withNew = k1.withNewKey();
        SessionKeyring k2 = withNew.promote(newKey(k1, withNew).id());
        byte[] underSecond = k2.sealer().seal(RECORD, AD);
        SessionKeyring k3 = k2.withNewKey(); // a third key, added but never promoted

        SessionKeyring rotated = k3.emergencyRotation();

        assertThat(rotated.aeadKeys()).hasSize(4);
        KeyInfo fresh = newKey(k3, rotated);
        assertThat(fresh.primary()).isTrue();
        assertThat(rotated.aeadKeys()).filteredOn(key -> key.id() != fresh.id()).extracting(KeyInfo::status)
                .containsOnly(Status.DISABLED);
        assertThat(rotated.sealer().open(underFirst, AD)).isEmpty();
        assertThat(rotated.sealer().open(underSecond, AD)).isEmpty();
        byte[] after = rotated.sealer().seal(RECORD, AD);
        assertThat(rotated.sealer().open(after, AD)).hasValueSatisfying(opened -> assertThat(opened).isEqualTo(RECORD));
        assertThat(k3.sealer().open(after, AD)).as("an instance on the old keyring cannot open new records").isEmpty();
        assertThat(rotated.sealer().principalKey("alice")).isEqualTo(k1.sealer().principalKey("alice"));
        assertThat(k3.aeadKeys()).as("the original is unchanged").hasSize(3);
    }

    @Test
    @DisplayName("D3: add, promote, retire: old records open until their key is retired, new ones use the new key")
    void retireWhenOldKeyRetiredThenItsRecordsNoLongerOpen() {
        SessionKeyring k1 = SessionKeyring.generate();
        int oldKey = k1.primaryKeyId();
        byte[] oldRecord = k1.sealer().seal(RECORD, AD);

        SessionKeyring withNew = k1.withNewKey();
        int newKey = newKey(k1, withNew).id();
        SessionKeyring k2 = withNew.promote(newKey);

        assertThat(k2.primaryKeyId()).isEqualTo(newKey);
        assertThat(k2.sealer().open(oldRecord, AD)).as("old record after promotion")
                .hasValueSatisfying(opened -> assertThat(opened).isEqualTo(RECORD));
        byte[] resealed = k2.sealer().seal(k2.sealer().open(oldRecord, AD).orElseThrow(), AD);
        assertThat(TestKeys.keyIdOf(resealed)).as("a record re-sealed on its next write").isEqualTo(newKey);
        assertThat(k1.sealer().open(resealed, AD)).as("the old keyring cannot open what the new key sealed").isEmpty();

        SessionKeyring k3 = k2.retire(oldKey);

        assertThat(k3.aeadKeys()).contains(new KeyInfo(oldKey, Status.DISABLED, false), new KeyInfo(newKey, Status.ENABLED, true));
        assertThat(k3.sealer().open(oldRecord, AD)).as("old record after its key is retired").isEmpty();
        assertThat(k3.sealer().open(resealed, AD)).as("re-sealed record after the old key is retired")
                .hasValueSatisfying(opened -> assertThat(opened).isEqualTo(RECORD));
    }

    @Test
    @DisplayName("D3: a keyring holding only the new key opens what the rotated keyring seals")
    void deleteWhenOldKeyDeletedThenNewRecordsStillOpen() {
        SessionKeyring k1 = SessionKeyring.generate();
        int oldKey = k1.primaryKeyId();
        byte[] oldRecord = k1.sealer().seal(RECORD, AD);
        SessionKeyring withNew = k1.withNewKey();
        SessionKeyring k2 = withNew.promote(newKey(k1, withNew).id());
        byte[] newRecord = k2.sealer().seal(RECORD, AD);

        SessionKeyring onlyNew = k2.retire(oldKey).delete(oldKey);

        assertThat(onlyNew.aeadKeys()).singleElement().satisfies(key -> assertThat(key.id()).isEqualTo(k2.primaryKeyId()));
        assertThat(onlyNew.sealer().open(newRecord, AD)).isPresent();
        assertThat(onlyNew.sealer().open(oldRecord, AD)).isEmpty();
    }

    @Test
    @DisplayName("D3: rotating sealing keys never changes principal keys")
    void principalKeyWhenSealingKeysRotatedThenUnchanged() {
        SessionKeyring k1 = SessionKeyring.generate();
        SessionKeyring withNew = k1.withNewKey();
        SessionKeyring rotated = withNew.promote(newKey(k1, withNew).id()).retire(k1.primaryKeyId()).delete(k1.primaryKeyId());

        assertThat(rotated.sealer().principalKey("alice")).isEqualTo(k1.sealer().principalKey("alice"));
    }

    @Test
    @DisplayName("D3: the primary key cannot be retired")
    void retireWhenPrimaryThenKeysetExceptionSayingSo() {
        SessionKeyring keyring = SessionKeyring.generate().withNewKey();
        int primary = keyring.primaryKeyId();

        assertThatThrownBy(() -> keyring.retire(primary))
                .isInstanceOf(KeysetException.class)
                .hasMessageContaining("key " + Integer.toUnsignedString(primary) + " is the primary key and cannot be retired")
                .hasMessageContaining("promote");
    }

    @Test
    void deleteWhenPrimaryThenKeysetException() {
        SessionKeyring keyring = SessionKeyring.generate();

        assertThatThrownBy(() -> keyring.delete(keyring.primaryKeyId()))
                .isInstanceOf(KeysetException.class)
                .hasMessageContaining("primary key and cannot be deleted");
    }

    @Test
    void promoteWhenKeyRetiredThenKeysetException() {
        SessionKeyring k1 = SessionKeyring.generate();
        SessionKeyring withNew = k1.withNewKey();
        int added = newKey(k1, withNew).id();
        SessionKeyring retired = withNew.retire(added);

        assertThatThrownBy(() -> retired.promote(added))
                .isInstanceOf(KeysetException.class)
                .hasMessageContaining("key " + Integer.toUnsignedString(added) + " is retired");
    }

    @Test
    void promoteWhenUnknownIdThenKeysetExceptionListingIds() {
        SessionKeyring keyring = SessionKeyring.generate();
        int unknown = keyring.primaryKeyId() + 1;

        assertThatThrownBy(() -> keyring.promote(unknown))
                .isInstanceOf(KeysetException.class)
                .hasMessageContaining("no sealing key " + Integer.toUnsignedString(unknown))
                .hasMessageContaining(Integer.toUnsignedString(keyring.primaryKeyId()));
        assertThatThrownBy(() -> keyring.retire(unknown)).isInstanceOf(KeysetException.class);
        assertThatThrownBy(() -> keyring.delete(unknown)).isInstanceOf(KeysetException.class);
    }

    @Test
    void retireWhenAlreadyRetiredThenUnchanged() {
        SessionKeyring k1 = SessionKeyring.generate();
        SessionKeyring withNew = k1.withNewKey();
        int added = newKey(k1, withNew).id();

        SessionKeyring once = withNew.retire(added);
        SessionKeyring twice = once.retire(added);

        assertThat(twice.aeadKeys()).isEqualTo(once.aeadKeys());
    }

    @Test
    @DisplayName("D3: rotation steps survive a round trip through the keyring file")
    void toJsonWhenRotatedThenStatusesAndPrimaryPreserved() {
        SessionKeyring k1 = SessionKeyring.generate();
        SessionKeyring withNew = k1.withNewKey();
        SessionKeyring rotated = withNew.promote(newKey(k1, withNew).id()).retire(k1.primaryKeyId());
        KeyEncryptionKey kek = SessionKeyringStorageTest.inMemoryKek();

        SessionKeyring reloaded = SessionKeyring.fromJson(rotated.toJson(kek), kek);

        assertThat(reloaded.aeadKeys()).isEqualTo(rotated.aeadKeys());
        assertThat(reloaded.sealer().principalKey("alice")).isEqualTo(k1.sealer().principalKey("alice"));
    }

    @Test
    void keyInfoWhenPrimaryButDisabledThenIllegalArgument() {
        assertThatThrownBy(() -> new KeyInfo(1, Status.DISABLED, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a primary key is ENABLED");
    }

    @Test
    void keyInfoWhenIdNegativeAsIntThenPrintedUnsignedLikeTheKeyringFile() {
        assertThat(new KeyInfo(-1, Status.ENABLED, true)).hasToString("KeyInfo[id=4294967295, status=ENABLED, primary=true]");
    }

    private static KeyInfo newKey(SessionKeyring before, SessionKeyring after) {
        return after.aeadKeys().stream()
                .filter(key -> before.aeadKeys().stream().noneMatch(old -> old.id() == key.id()))
                .findFirst()
                .orElseThrow();
    }
}

package io.sealedsession.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedsession.core.SessionKey;
import io.sealedsession.core.port.PrincipalKey;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeySchemaTest {

    private static final SessionKey KEY = new SessionKey("A".repeat(42) + "_");
    private static final PrincipalKey PRINCIPAL = new PrincipalKey("p-Q_9");

    @Test
    void recordKeyWhenDefaultNamespaceThenHashTaggedBySessionKey() {
        assertThat(ascii(new KeySchema("ss").recordKey(KEY))).isEqualTo("ss:s:{" + KEY.value() + "}");
    }

    @Test
    void indexKeyWhenNamespaceThenHashTaggedByPrincipalKey() {
        assertThat(ascii(new KeySchema("app.v2").indexKey(PRINCIPAL))).isEqualTo("app.v2:p:{p-Q_9}");
    }

    @Test
    void expiryClaimKeyWhenSessionKeyThenInTheRecordsSlot() {
        assertThat(ascii(new KeySchema("ss").expiryClaimKey(KEY))).isEqualTo("ss:e:{" + KEY.value() + "}");
    }

    @Test
    void sessionKeyOfRecordWhenARecordKeyOfTheNamespaceThenItsSessionKey() {
        KeySchema schema = new KeySchema("ss");
        assertThat(schema.sessionKeyOfRecord(schema.recordKey(KEY))).isEqualTo(KEY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"other:s:{AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA_}", "ss:l:{AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA_}",
            "ss:e:{AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA_}", "ss:p:{p-Q_9}", "ss:s:{AAAA}", "ss:s:{AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA*}",
            "ss:s:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA_", "ss:s:{AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA_}x"})
    void sessionKeyOfRecordWhenAnyOtherKeyThenNull(String redisKey) {
        assertThat(new KeySchema("ss").sessionKeyOfRecord(redisKey.getBytes(StandardCharsets.US_ASCII))).isNull();
    }

    @Test
    void indexMemberIsTheSessionKeyItself() {
        assertThat(ascii(KeySchema.indexMember(KEY))).isEqualTo(KEY.value());
    }

    @Test
    void hashTagIsExactlyTheKeyBecauseKeysHaveNoBraces() {
        String recordKey = ascii(new KeySchema("a-b_c.d").recordKey(KEY));
        String tag = recordKey.substring(recordKey.indexOf('{') + 1, recordKey.indexOf('}'));
        assertThat(tag).isEqualTo(KEY.value());
        assertThat(recordKey.chars().filter(c -> c == '{').count()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "curly{", "colon:", "star*", "ünicode"})
    void namespaceWhenInvalidThenRefusedWithReason(String namespace) {
        assertThatThrownBy(() -> new KeySchema(namespace))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[A-Za-z0-9._-]")
                .hasMessageContaining("but was");
    }

    @Test
    void namespaceWhenLongerThan64ThenRefused() {
        assertThat(new KeySchema("n".repeat(64)).namespace()).hasSize(64);
        assertThatThrownBy(() -> new KeySchema("n".repeat(65)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(65 characters)");
    }

    private static String ascii(byte[] bytes) {
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}

package io.sealedsession.crypto;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.google.crypto.tink.Configuration;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.prf.HmacPrfKey;
import com.google.crypto.tink.prf.PrfConfig;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/** What the tests need to look inside keyrings, records and logs. */
final class TestKeys {

    private TestKeys() {}

    /** Tink's registry-backed configuration, with the key types this module uses registered. */
    static Configuration tink() throws GeneralSecurityException {
        AeadConfig.register();
        PrfConfig.register();
        return RegistryConfiguration.get();
    }

    /** The raw secret bytes of every key in a keyring: what must never show up where it should not. */
    static List<byte[]> secretBytes(SessionKeyring keyring) throws GeneralSecurityException {
        JsonObject root = JsonParser.parseString(keyring.toInsecureCleartextJson()).getAsJsonObject();
        List<byte[]> secrets = new ArrayList<>();
        KeysetHandle aead = TinkJsonProtoKeysetFormat.parseKeyset(root.get("aead").toString(), tink(), InsecureSecretKeyAccess.get());
        for (int i = 0; i < aead.size(); i++) {
            secrets.add(((AesGcmKey) aead.getAt(i).getKey()).getKeyBytes().toByteArray(InsecureSecretKeyAccess.get()));
        }
        secrets.add(principalKeyBytes(keyring));
        return secrets;
    }

    static byte[] principalKeyBytes(SessionKeyring keyring) throws GeneralSecurityException {
        JsonObject root = JsonParser.parseString(keyring.toInsecureCleartextJson()).getAsJsonObject();
        KeysetHandle prf = TinkJsonProtoKeysetFormat.parseKeyset(root.get("prf").toString(), tink(), InsecureSecretKeyAccess.get());
        return ((HmacPrfKey) prf.getAt(0).getKey()).getKeyBytes().toByteArray(InsecureSecretKeyAccess.get());
    }

    /** Every {@code "value"} string of the cleartext keysets: the serialized key protos, base64. */
    static List<String> serializedKeyValues(String cleartextKeyringJson) {
        JsonObject root = JsonParser.parseString(cleartextKeyringJson).getAsJsonObject();
        List<String> values = new ArrayList<>();
        for (String part : List.of("aead", "prf")) {
            root.getAsJsonObject(part).getAsJsonArray("key").forEach(key ->
                    values.add(key.getAsJsonObject().getAsJsonObject("keyData").get("value").getAsString()));
        }
        return values;
    }

    /** The key id Tink wrote in front of a sealed record (prefix byte 0x01, then 4 bytes big-endian). */
    static int keyIdOf(byte[] sealed) {
        if (sealed.length < 5 || sealed[0] != 0x01) {
            throw new IllegalArgumentException("not a record with Tink's key-id prefix");
        }
        return ByteBuffer.wrap(sealed, 1, 4).getInt();
    }

    /** Captures what this module logs, for as long as it is open. */
    static final class LogCapture implements AutoCloseable {

        private final Logger logger = (Logger) LoggerFactory.getLogger("io.sealedsession.crypto");
        private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
        private final Level previousLevel;

        LogCapture() {
            previousLevel = logger.getLevel();
            logger.setLevel(Level.DEBUG);
            appender.start();
            logger.addAppender(appender);
        }

        List<String> warnings() {
            return appender.list.stream()
                    .filter(event -> event.getLevel() == Level.WARN)
                    .map(ILoggingEvent::getFormattedMessage)
                    .collect(Collectors.toList());
        }

        @Override
        public void close() {
            logger.detachAppender(appender);
            appender.stop();
            logger.setLevel(previousLevel);
        }
    }
}

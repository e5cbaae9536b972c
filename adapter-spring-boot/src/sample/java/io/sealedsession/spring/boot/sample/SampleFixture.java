package io.sealedsession.spring.boot.sample;

import io.sealedsession.crypto.KeyEncryptionKey;
import io.sealedsession.crypto.SessionKeyring;
import io.sealedsession.tests.redis.RedisServer;
import io.sealedsession.tests.redis.RespConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One redis-server and one keyring (written at run time under a temporary directory, encrypted
 * under a key-encryption key generated beside it) for every sample-application test in this JVM,
 * so that cached application contexts and extra instances all share one deployment. The server
 * ends with the JVM.
 */
public final class SampleFixture {

    private static final SampleFixture SHARED = new SampleFixture();

    private final RedisServer redis;
    private final Path keyring;
    private final Path kek;

    private SampleFixture() {
        this.redis = RedisServer.startDefault();
        try {
            Path directory = Files.createTempDirectory("sealed-sessions-boot-keys-");
            this.kek = directory.resolve("kek.json");
            this.keyring = directory.resolve("sessions.keyring.json");
            SessionKeyring.generate().write(keyring, KeyEncryptionKey.generateKeysetFile(kek));
            directory.toFile().deleteOnExit();
            kek.toFile().deleteOnExit();
            keyring.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static SampleFixture shared() {
        return SHARED;
    }

    public RedisServer redis() {
        return redis;
    }

    public RespConnection admin() {
        return RespConnection.to(redis);
    }

    /**
     * The application's configuration: nothing beyond what an application.properties would hold.
     * The admin endpoint is turned on and exposed, as an application that wants it would do.
     */
    public Map<String, String> properties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("sealedsession.redis.uri", redis.uri());
        properties.put("sealedsession.keyring.location", keyring.toString());
        properties.put("sealedsession.keyring.kek-location", kek.toString());
        properties.put("management.endpoint.sealedsessions.access", "unrestricted");
        properties.put("management.endpoints.web.exposure.include", "health,sealedsessions");
        // Tests only: a graceful stop waits for the client's idle keep-alive connections.
        properties.put("server.shutdown", "immediate");
        return properties;
    }
}

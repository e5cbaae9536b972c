package io.sealedsession.jedis.internal;

import io.sealedsession.redis.RedisStoreConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Arrays;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;

/**
 * The {@link SSLContext} a TLS connection to Redis uses: the configured trust store, or the JVM's
 * trusted certificates when there is none, and the configured key store as client certificate for
 * mutual TLS. Host-name verification is not a property of the context; {@link ProbedSocketFactory}
 * switches it on for every socket.
 */
public final class TlsContexts {

    private TlsContexts() {}

    /**
     * Loads the stores the config names and builds a context from them.
     *
     * @throws IllegalArgumentException when a store is not a readable file or does not load with
     *     its password and the config's store type
     */
    public static SSLContext create(RedisStoreConfig config) {
        KeyStore trust = null;
        if (config.trustStore().isPresent()) {
            char[] password = config.trustStorePassword().orElse(null);
            try {
                trust = load(config.trustStore().get(), password, config.keyStoreType(), "trust store");
            } finally {
                clear(password);
            }
        }
        KeyManager[] keyManagers = null;
        try {
            // A null trust store means the JVM's default certificate authorities (cacerts).
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);
            if (config.keyStore().isPresent()) {
                char[] password = config.keyStorePassword().orElse(new char[0]);
                try {
                    KeyStore keys = load(config.keyStore().get(), password, config.keyStoreType(), "key store");
                    KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                    factory.init(keys, password);
                    keyManagers = factory.getKeyManagers();
                } finally {
                    clear(password);
                }
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, trustManagers.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the TLS material for Redis cannot be used: " + e.getMessage(), e);
        }
    }

    private static KeyStore load(Path path, char @Nullable [] password, String type, String what) {
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new IllegalArgumentException("the " + what + " " + path + " is not a readable file");
        }
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, password);
            return store;
        } catch (IOException | GeneralSecurityException e) {
            // Neither the JDK's messages nor the path carry the password.
            throw new IllegalArgumentException("the " + what + " " + path + " does not load as " + type
                    + " with the given password: " + e.getMessage(), e);
        }
    }

    /** The config hands out copies of its passwords; this one is not needed once the store is open. */
    private static void clear(char @Nullable [] password) {
        if (password != null) {
            Arrays.fill(password, '\0');
        }
    }
}

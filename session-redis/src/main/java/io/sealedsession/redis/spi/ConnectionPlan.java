package io.sealedsession.redis.spi;

import io.sealedsession.redis.RedisCredentials;
import io.sealedsession.redis.RedisStoreConfig;
import io.sealedsession.redis.RedisTopology;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;

/**
 * Everything an adapter needs to connect, resolved once from a {@link RedisStoreConfig}, the same
 * for every client: the deployment and its endpoints, the credentials of the data nodes and of the
 * Sentinels, the timeouts, the database, the connection name, the TLS material as ready key and
 * trust managers, the transport rule and the durability. No adapter reads the URI again: its
 * options were checked once, when the configuration was built (see {@link RedisTopology}).
 *
 * <p>Building a plan applies the transport rule to the configured hosts, and loads the trust and
 * key stores. Immutable and thread-safe; {@link #toString()} shows no password.
 */
public final class ConnectionPlan {

    private final RedisTopology topology;
    private final @Nullable RedisCredentials credentials;
    private final @Nullable RedisCredentials sentinelCredentials;
    private final Duration connectTimeout;
    private final Duration commandTimeout;
    private final @Nullable String clientName;
    private final @Nullable TrustManagerFactory trustManagers;
    private final @Nullable KeyManagerFactory keyManagers;
    private final @Nullable SSLContext sslContext;
    private final TransportPolicy transport;
    private final Durability durability;
    private final String where;
    private final String redactedUri;

    private ConnectionPlan(RedisStoreConfig config) {
        this.topology = config.topology();
        this.credentials = config.credentials().orElse(null);
        this.sentinelCredentials = config.sentinelCredentials().orElse(null);
        this.connectTimeout = config.connectTimeout();
        this.commandTimeout = config.commandTimeout();
        this.clientName = config.clientName().orElse(null);
        this.redactedUri = config.redactedUri();
        this.transport = new TransportPolicy(topology.tls(), config.plaintextToRemoteHostAllowed(), topology.scheme());
        TransportPolicy.checkConfigured(config, transport);
        this.durability = Durability.of(config.waitReplicas(), config.waitTimeout());
        if (topology.tls()) {
            this.trustManagers = trustManagers(config);
            this.keyManagers = config.keyStore().isPresent() ? keyManagers(config) : null;
            this.sslContext = sslContext(trustManagers, keyManagers);
        } else {
            this.trustManagers = null;
            this.keyManagers = null;
            this.sslContext = null;
        }
        this.where = topology instanceof RedisTopology.Sentinel s
                ? "Redis master '" + s.masterName() + "' via Sentinel at " + redactedUri
                : (topology instanceof RedisTopology.Cluster ? "Redis Cluster at " : "Redis at ") + redactedUri;
    }

    /**
     * Resolves {@code config}.
     *
     * @throws IllegalArgumentException when plaintext would go to a remote host without opt-in,
     *     TLS material is given without TLS, or a trust or key store does not load
     */
    public static ConnectionPlan of(RedisStoreConfig config) {
        return new ConnectionPlan(Objects.requireNonNull(config, "config"));
    }

    /** The deployment: one server, a Cluster (its seeds) or Sentinel (the Sentinels and the master's name). */
    public RedisTopology topology() {
        return topology;
    }

    /** The login of every data node; empty for none. */
    public Optional<RedisCredentials> credentials() {
        return Optional.ofNullable(credentials);
    }

    /** The login of the Sentinels; empty for none. */
    public Optional<RedisCredentials> sentinelCredentials() {
        return Optional.ofNullable(sentinelCredentials);
    }

    /** How long to wait for a connection (and its TLS handshake). */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** How long to wait for each reply. */
    public Duration commandTimeout() {
        return commandTimeout;
    }

    /** {@link #commandTimeout()} in milliseconds, at least 1 and at most {@link Integer#MAX_VALUE}. */
    public int commandTimeoutMillis() {
        return millis(commandTimeout);
    }

    /** {@link #connectTimeout()} in milliseconds, at least 1 and at most {@link Integer#MAX_VALUE}. */
    public int connectTimeoutMillis() {
        return millis(connectTimeout);
    }

    /** The database of the data nodes: the URI's, 0 on a Cluster. */
    public int database() {
        if (topology instanceof RedisTopology.Standalone s) {
            return s.database();
        }
        return topology instanceof RedisTopology.Sentinel s ? s.database() : 0;
    }

    /** The connection name the URI's {@code clientName} option asks for ({@code CLIENT SETNAME}); empty for none. */
    public Optional<String> clientName() {
        return Optional.ofNullable(clientName);
    }

    /** Whether every connection uses TLS. */
    public boolean tls() {
        return topology.tls();
    }

    /**
     * With TLS: the trust managers, from the configured trust store or else the JVM's trusted
     * certificate authorities. Empty without TLS.
     */
    public Optional<TrustManagerFactory> trustManagers() {
        return Optional.ofNullable(trustManagers);
    }

    /** With TLS and a key store: the client certificate for mutual TLS. Empty otherwise. */
    public Optional<KeyManagerFactory> keyManagers() {
        return Optional.ofNullable(keyManagers);
    }

    /** With TLS: a context made of {@link #trustManagers()} and {@link #keyManagers()}. Empty without TLS. */
    public Optional<SSLContext> sslContext() {
        return Optional.ofNullable(sslContext);
    }

    /**
     * Parameters that switch host-name verification on ({@code HTTPS} endpoint identification),
     * for clients that take them per socket. A fresh object each time.
     */
    public static SSLParameters verifyingHostNames() {
        SSLParameters parameters = new SSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        return parameters;
    }

    /** The plaintext rule for the hosts a client connects to later. */
    public TransportPolicy transport() {
        return transport;
    }

    /** How many replicas must confirm each write. */
    public Durability durability() {
        return durability;
    }

    /** The deployment for messages, such as {@code Redis Cluster at redis-cluster://a:7000,b:7000}: no password, no query. */
    public String where() {
        return where;
    }

    @Override
    public String toString() {
        return "ConnectionPlan[" + where + (credentials == null ? "" : ", " + credentials)
                + (sentinelCredentials == null ? "" : ", Sentinels " + sentinelCredentials) + "]";
    }

    private static int millis(Duration duration) {
        // Zero would mean "no timeout" to most clients; the config only holds positive durations.
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, duration.toMillis()));
    }

    private static TrustManagerFactory trustManagers(RedisStoreConfig config) {
        KeyStore trust = null;
        if (config.trustStore().isPresent()) {
            char[] password = config.trustStorePassword().orElse(null);
            try {
                trust = load(config.trustStore().get(), password, config.keyStoreType(), "trust store");
            } finally {
                clear(password);
            }
        }
        try {
            // A null trust store means the JVM's default certificate authorities (cacerts).
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            return factory;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the TLS trust material for Redis cannot be used: " + e.getMessage(), e);
        }
    }

    private static KeyManagerFactory keyManagers(RedisStoreConfig config) {
        char[] password = config.keyStorePassword().orElse(new char[0]);
        try {
            KeyStore keys = load(config.keyStore().orElseThrow(), password, config.keyStoreType(), "key store");
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(keys, password);
            return factory;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the TLS key material for Redis cannot be used: " + e.getMessage(), e);
        } finally {
            clear(password);
        }
    }

    private static SSLContext sslContext(TrustManagerFactory trust, @Nullable KeyManagerFactory keys) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
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

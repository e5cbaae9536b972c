package io.sealedsession.redis;

import io.sealedsession.redis.internal.KeySchema;
import io.sealedsession.redis.internal.Redaction;
import io.sealedsession.redis.internal.RedisUris;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How to reach Redis and lay sessions out in it, independent of the client library: what
 * {@link RedisSessionStores#open} hands to a {@link RedisClientProvider}.
 *
 * <p>Defaults: client chosen automatically, namespace {@code "ss"}, scripting on, command timeout
 * 2 s, connect timeout 2 s, no custom trust store (the JVM's trusted certificates), no client
 * certificate, key store type {@code PKCS12}, plaintext only to loopback hosts, no Sentinel
 * credentials, no waiting for replicas.
 *
 * <p>The URI chooses the deployment: one server, a Redis Cluster or Sentinel; {@link #topology()}
 * is its parsed form, the same for every client adapter (see {@link RedisTopology} for the URI
 * forms). The application changes deployment by changing the URI only.
 *
 * <p>TLS ({@code rediss://}, {@code rediss-cluster://}, {@code rediss-sentinel://}) always verifies
 * every node's certificate and host name; there is no switch to turn that off. Plaintext to a host
 * other than a loopback address (a server, a seed, a Sentinel, or a node that a Cluster or Sentinel
 * announces) is refused unless {@link Builder#allowPlaintextToRemoteHost(boolean)} says otherwise,
 * and then it is logged as a warning.
 *
 * <p>Immutable and thread-safe. {@link #toString()} shows no password: neither the one in the URI
 * nor the configured ones. Passwords are handed out only by the deliberately named
 * {@link #credentials()}, {@link #password()}, {@link #trustStorePassword()} and
 * {@link #keyStorePassword()}, each a fresh copy.
 */
public final class RedisStoreConfig {

    private final String redactedUri;
    private final @Nullable String clientName;
    private final @Nullable String client;
    private final String namespace;
    private final ScriptingMode scripting;
    private final Duration commandTimeout;
    private final Duration connectTimeout;
    private final @Nullable String username;
    private final char @Nullable [] password;
    private final @Nullable Path trustStore;
    private final char @Nullable [] trustStorePassword;
    private final @Nullable Path keyStore;
    private final char @Nullable [] keyStorePassword;
    private final String keyStoreType;
    private final boolean plaintextToRemoteHostAllowed;
    private final RedisTopology topology;
    private final @Nullable RedisCredentials uriCredentials;
    private final @Nullable RedisCredentials sentinelCredentials;
    private final int waitReplicas;
    private final Duration waitTimeout;

    private RedisStoreConfig(Builder b) {
        if (b.parsed == null) {
            throw new IllegalArgumentException("a Redis URI is required, such as rediss://user:password@redis.example:6379/0");
        }
        if (b.trustStorePassword != null && b.trustStore == null) {
            throw new IllegalArgumentException("a trust store password was given, but no trust store");
        }
        if (b.keyStorePassword != null && b.keyStore == null) {
            throw new IllegalArgumentException("a key store password was given, but no key store");
        }
        if (b.waitReplicas > 0 && b.waitTimeout.compareTo(b.commandTimeout) >= 0) {
            throw new IllegalArgumentException("the wait for replicas (" + b.waitTimeout + ") must be shorter than the "
                    + "command timeout (" + b.commandTimeout + "), or every WAIT would time out on the client first");
        }
        RedisUris.Parsed parsed = b.parsed;
        if (b.sentinelCredentials != null && !(parsed.topology() instanceof RedisTopology.Sentinel)) {
            throw new IllegalArgumentException("Sentinel credentials were given, but " + b.redactedUri
                    + " is not a redis-sentinel:// URI");
        }
        this.topology = parsed.topology();
        this.uriCredentials = parsed.credentials();
        this.sentinelCredentials = b.sentinelCredentials;
        this.waitReplicas = b.waitReplicas;
        this.waitTimeout = b.waitTimeout;
        this.redactedUri = b.redactedUri;
        this.clientName = parsed.clientName();
        this.client = b.client;
        this.namespace = b.namespace;
        this.scripting = b.scripting;
        this.commandTimeout = b.commandTimeout;
        this.connectTimeout = b.connectTimeout;
        this.username = b.username;
        this.password = copy(b.password);
        this.trustStore = b.trustStore;
        this.trustStorePassword = copy(b.trustStorePassword);
        this.keyStore = b.keyStore;
        this.keyStorePassword = copy(b.keyStorePassword);
        this.keyStoreType = b.keyStoreType;
        this.plaintextToRemoteHostAllowed = b.plaintextToRemoteHostAllowed;
    }

    /** A builder with the defaults. */
    public static Builder custom() {
        return new Builder();
    }

    /** A builder that starts from {@code base}. */
    public static Builder from(RedisStoreConfig base) {
        Builder b = new Builder();
        b.parsed = base.parsed();
        b.redactedUri = base.redactedUri;
        b.client = base.client;
        b.namespace = base.namespace;
        b.scripting = base.scripting;
        b.commandTimeout = base.commandTimeout;
        b.connectTimeout = base.connectTimeout;
        b.username = base.username;
        b.password = copy(base.password);
        b.trustStore = base.trustStore;
        b.trustStorePassword = copy(base.trustStorePassword);
        b.keyStore = base.keyStore;
        b.keyStorePassword = copy(base.keyStorePassword);
        b.keyStoreType = base.keyStoreType;
        b.plaintextToRemoteHostAllowed = base.plaintextToRemoteHostAllowed;
        b.sentinelCredentials = base.sentinelCredentials;
        b.waitReplicas = base.waitReplicas;
        b.waitTimeout = base.waitTimeout;
        return b;
    }

    /** The defaults with this URI. */
    public static RedisStoreConfig forUri(String uri) {
        return custom().uri(uri).build();
    }

    private RedisUris.Parsed parsed() {
        return new RedisUris.Parsed(topology, uriCredentials, clientName);
    }

    /**
     * The connection name the URI's {@code clientName} option gives (sent as
     * {@code CLIENT SETNAME}); empty when it gives none.
     */
    public Optional<String> clientName() {
        return Optional.ofNullable(clientName);
    }

    /**
     * The deployment the URI points at, parsed: what every client adapter connects to. Holds no
     * credentials.
     */
    public RedisTopology topology() {
        return topology;
    }

    /**
     * The credentials of the data nodes: those set with {@link Builder#credentials}, which take
     * precedence, or else those in the URI; empty when neither has any.
     */
    public Optional<RedisCredentials> credentials() {
        if (password != null) {
            return Optional.of(new RedisCredentials(username, password));
        }
        return Optional.ofNullable(uriCredentials);
    }

    /** The credentials of the Sentinels, when they require a login; see {@link Builder#sentinelCredentials}. */
    public Optional<RedisCredentials> sentinelCredentials() {
        return Optional.ofNullable(sentinelCredentials);
    }

    /**
     * How many replicas must confirm each write before the store reports it done; 0 (the default)
     * when the store does not wait. See {@link Builder#waitForReplicas}.
     */
    public int waitReplicas() {
        return waitReplicas;
    }

    /** How long the store waits for {@link #waitReplicas()} replicas; meaningful only when that is positive. */
    public Duration waitTimeout() {
        return waitTimeout;
    }

    /** The URI without user, password or query, for messages. */
    public String redactedUri() {
        return redactedUri;
    }

    /** The provider to open the store with, such as {@code lettuce}; empty to use the only one present. */
    public Optional<String> client() {
        return Optional.ofNullable(client);
    }

    /** The prefix of every key the store writes; {@code ss} by default. */
    public String namespace() {
        return namespace;
    }

    /** Whether updates run as scripts (compare-and-set) or without; {@link ScriptingMode#SCRIPTS} by default. */
    public ScriptingMode scripting() {
        return scripting;
    }

    /** How long the store waits for a reply before it reports Redis unavailable; 2 s by default. */
    public Duration commandTimeout() {
        return commandTimeout;
    }

    /** How long the store waits for a connection; 2 s by default. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** The ACL user, when set here rather than in the URI. */
    public Optional<String> username() {
        return Optional.ofNullable(username);
    }

    /** A copy of the password, when set here rather than in the URI. */
    public Optional<char[]> password() {
        return Optional.ofNullable(copy(password));
    }

    /** Certificates trusted instead of the JVM's; empty to use the JVM's. */
    public Optional<Path> trustStore() {
        return Optional.ofNullable(trustStore);
    }

    /** A copy of the trust store's password. */
    public Optional<char[]> trustStorePassword() {
        return Optional.ofNullable(copy(trustStorePassword));
    }

    /** The client certificate and key for mutual TLS; empty for none. */
    public Optional<Path> keyStore() {
        return Optional.ofNullable(keyStore);
    }

    /** A copy of the key store's password. */
    public Optional<char[]> keyStorePassword() {
        return Optional.ofNullable(copy(keyStorePassword));
    }

    /** The type of the key store and the trust store, default {@code PKCS12} (which also reads JKS files). */
    public String keyStoreType() {
        return keyStoreType;
    }

    /** Whether {@code redis://} to a host that is not loopback was allowed; false by default. */
    public boolean plaintextToRemoteHostAllowed() {
        return plaintextToRemoteHostAllowed;
    }

    @Override
    public String toString() {
        return "RedisStoreConfig[uri=" + redactedUri()
                + ", client=" + (client == null ? "<only one present>" : client)
                + ", namespace=" + namespace
                + ", scripting=" + scripting
                + ", commandTimeout=" + commandTimeout
                + ", connectTimeout=" + connectTimeout
                + (username == null ? "" : ", username=" + username)
                + (password == null ? "" : ", password=***")
                + (trustStore == null ? "" : ", trustStore=" + trustStore + (trustStorePassword == null ? "" : " (password ***)"))
                + (keyStore == null ? "" : ", keyStore=" + keyStore + (keyStorePassword == null ? "" : " (password ***)"))
                + ", keyStoreType=" + keyStoreType
                + ", plaintextToRemoteHostAllowed=" + plaintextToRemoteHostAllowed
                + (sentinelCredentials == null ? "" : ", sentinelCredentials=" + sentinelCredentials)
                + (waitReplicas == 0 ? "" : ", waitForReplicas=" + waitReplicas + " within " + waitTimeout)
                + "]";
    }

    private static char @Nullable [] copy(char @Nullable [] chars) {
        return chars == null ? null : chars.clone();
    }

    /** The wait timeout when only the number of replicas is given: 500 ms. */
    public static final Duration DEFAULT_WAIT_TIMEOUT = Duration.ofMillis(500);

    /** Builds a {@link RedisStoreConfig}; each setter validates its argument. Not thread-safe. */
    public static final class Builder {

        private RedisUris.@Nullable Parsed parsed;
        private String redactedUri = "";
        private @Nullable String client;
        private String namespace = "ss";
        private ScriptingMode scripting = ScriptingMode.SCRIPTS;
        private Duration commandTimeout = Duration.ofSeconds(2);
        private Duration connectTimeout = Duration.ofSeconds(2);
        private @Nullable String username;
        private char @Nullable [] password;
        private @Nullable Path trustStore;
        private char @Nullable [] trustStorePassword;
        private @Nullable Path keyStore;
        private char @Nullable [] keyStorePassword;
        private String keyStoreType = "PKCS12";
        private boolean plaintextToRemoteHostAllowed;
        private @Nullable RedisCredentials sentinelCredentials;
        private int waitReplicas;
        private Duration waitTimeout = DEFAULT_WAIT_TIMEOUT;

        private Builder() {}

        /**
         * Where Redis is, and which kind of deployment: required. One server:
         * {@code redis://[[user]:password@]host[:port][/database]}; a Cluster:
         * {@code redis-cluster://[[user]:password@]host:port,host:port}; Sentinel:
         * {@code redis-sentinel://[[user]:password@]host:port,host:port[/database]#master}; each with
         * {@code rediss} instead of {@code redis} for TLS. See {@link RedisTopology}.
         *
         * @throws IllegalArgumentException when the URI is none of these; the message shows it
         *     without user-info or query
         */
        public Builder uri(String uri) {
            Objects.requireNonNull(uri, "uri");
            // Parsed now, and only the parts kept: the configuration holds no URI with a password.
            this.parsed = RedisUris.parse(uri);
            this.redactedUri = Redaction.uri(uri);
            return this;
        }

        /**
         * The login for Sentinels that require one ({@code requirepass} or an ACL user in the
         * Sentinels' configuration); only with a {@code redis-sentinel://} URI. The URI's own
         * credentials are the data nodes'. Default: Sentinels are asked without logging in.
         *
         * @param username the Sentinels' ACL user, or null for their {@code default} user
         */
        public Builder sentinelCredentials(@Nullable String username, char[] password) {
            this.sentinelCredentials = new RedisCredentials(username, password);
            return this;
        }

        /**
         * Durability knob: after each write (create, replace, delete, index, unindex) the store
         * sends {@code WAIT replicas timeout} to the node that took it, and reports the write done
         * only when that many replicas confirmed it. When fewer confirm in time, the write stays
         * applied on the master, and the operation throws {@link RedisDurabilityException} (a
         * {@link io.sealedsession.core.SessionStoreUnavailableException}), since a failover could
         * still lose it. Reads, and the touch of a read, are not waited for.
         *
         * <p>Costs one more round trip per write, plus the replicas' lag; with fewer replicas up
         * than asked for, every write waits the whole timeout and then fails. {@code WAIT} narrows
         * the window in which a failover loses a write, it does not make Redis strongly consistent.
         * Default: off.
         *
         * @param replicas at least 1
         * @param timeout positive, shorter than the command timeout, at most a day
         */
        public Builder waitForReplicas(int replicas, Duration timeout) {
            if (replicas < 1) {
                throw new IllegalArgumentException("the number of replicas to wait for is at least 1, but was " + replicas
                        + "; use noWaitForReplicas() to turn waiting off");
            }
            Duration checked = positive(timeout, "wait timeout");
            if (checked.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException("a wait timeout is at most a day, but was " + timeout);
            }
            this.waitReplicas = replicas;
            this.waitTimeout = checked;
            return this;
        }

        /** Writes are reported done without waiting for replicas (the default). */
        public Builder noWaitForReplicas() {
            this.waitReplicas = 0;
            this.waitTimeout = DEFAULT_WAIT_TIMEOUT;
            return this;
        }

        /** The provider to use, such as {@code "lettuce"}; null (the default) to pick the only one on the class path. */
        public Builder client(@Nullable String client) {
            if (client != null && client.isBlank()) {
                throw new IllegalArgumentException("a client name is not blank, but was \"" + client + "\"");
            }
            this.client = client;
            return this;
        }

        /** Default {@code "ss"}; 1 to 64 characters from {@code [A-Za-z0-9._-]}. */
        public Builder namespace(String namespace) {
            this.namespace = KeySchema.requireValidNamespace(namespace);
            return this;
        }

        /** Default {@link ScriptingMode#SCRIPTS}; see {@link RedisSessionStore.Builder#withoutScripting()}. */
        public Builder scripting(ScriptingMode scripting) {
            this.scripting = Objects.requireNonNull(scripting, "scripting");
            return this;
        }

        /** How long to wait for a reply before the store reports Redis unavailable. Default 2 s. */
        public Builder commandTimeout(Duration timeout) {
            this.commandTimeout = positive(timeout, "command timeout");
            return this;
        }

        /** How long to wait for a connection to be established. Default 2 s. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connect timeout");
            return this;
        }

        /**
         * The ACL user and password, when they are not in the URI; they take precedence over the
         * URI's. The array is copied; the caller may clear its own.
         *
         * @param username the ACL user, or null for the {@code default} user
         */
        public Builder credentials(@Nullable String username, char[] password) {
            Objects.requireNonNull(password, "password");
            if (username != null && username.isEmpty()) {
                throw new IllegalArgumentException("a user name is not empty; pass null for the default user");
            }
            this.username = username;
            this.password = password.clone();
            return this;
        }

        /**
         * Certificates to trust instead of the JVM's, for a server with a private certificate
         * authority. The password is copied and may be null for a store without one.
         */
        public Builder trustStore(Path path, char @Nullable [] password) {
            this.trustStore = Objects.requireNonNull(path, "path");
            this.trustStorePassword = copy(password);
            return this;
        }

        /** A client certificate and its key, for mutual TLS. The password is copied. */
        public Builder keyStore(Path path, char @Nullable [] password) {
            this.keyStore = Objects.requireNonNull(path, "path");
            this.keyStorePassword = copy(password);
            return this;
        }

        /** The type of both stores, default {@code PKCS12}. */
        public Builder keyStoreType(String type) {
            Objects.requireNonNull(type, "type");
            if (type.isBlank()) {
                throw new IllegalArgumentException("a key store type is not blank, but was \"" + type + "\"");
            }
            this.keyStoreType = type;
            return this;
        }

        /**
         * Allows {@code redis://} (no TLS) to a host that is not a loopback address; its traffic,
         * including the password, can then be read on the network. Default false: such a URI is
         * refused. When allowed, opening the store logs a warning.
         */
        public Builder allowPlaintextToRemoteHost(boolean allowed) {
            this.plaintextToRemoteHostAllowed = allowed;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration; it holds copies of the passwords
         */
        public RedisStoreConfig build() {
            return new RedisStoreConfig(this);
        }

        private static Duration positive(Duration timeout, String what) {
            Objects.requireNonNull(timeout, what);
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("a " + what + " must be positive, but was " + timeout);
            }
            return timeout;
        }
    }
}

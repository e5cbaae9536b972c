package io.sealedsession.spring.boot;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Everything under {@code sealedsession.*} in the application's configuration. The Redis keys are
 * the ones {@link io.sealedsession.redis.RedisStoreProperties#bind} reads, with the same
 * names and checks; the rest configures the keyring, the policy and where tokens travel.
 *
 * <p>Secure by default: Redis is the store, a keyring is required, cookies are {@code __Host-SID},
 * {@code Secure}, {@code HttpOnly}, {@code SameSite=Lax}. Each insecure choice has a name that says
 * so and is logged when it is used.
 */
@ConfigurationProperties(prefix = "sealedsession")
public class SealedSessionProperties {

    /** Which store holds the sessions: redis (the default) or memory (one process only, lost on restart). */
    private StoreType store = StoreType.REDIS;

    /**
     * The request and response header that carries the session token, for API clients, instead of
     * the session cookie. Unset (the default): the cookie.
     */
    private @Nullable String tokenHeader;

    private final Redis redis = new Redis();
    private final Keyring keyring = new Keyring();
    private final Policy policy = new Policy();
    private final Cookie cookie = new Cookie();

    public StoreType getStore() {
        return store;
    }

    public void setStore(StoreType store) {
        this.store = store;
    }

    public @Nullable String getTokenHeader() {
        return tokenHeader;
    }

    public void setTokenHeader(@Nullable String tokenHeader) {
        this.tokenHeader = tokenHeader;
    }

    public Redis getRedis() {
        return redis;
    }

    public Keyring getKeyring() {
        return keyring;
    }

    public Policy getPolicy() {
        return policy;
    }

    public Cookie getCookie() {
        return cookie;
    }

    /** Where sessions are kept. */
    public enum StoreType {
        /** Redis, through the client adapter jar on the class path. */
        REDIS,
        /** The in-memory store: one process, nothing survives a restart; for development and tests. */
        MEMORY
    }

    /** How to reach Redis; the keys and their meaning are those of {@code RedisStoreProperties.bind}. */
    public static class Redis {
        /** The Redis URI: redis://, rediss://, redis-cluster://, rediss-cluster://, redis-sentinel:// or rediss-sentinel://. */
        private @Nullable String uri;
        /** The client adapter to use (lettuce, jedis or redisson); unset: the only one on the class path. */
        private @Nullable String client;
        /** The key prefix and the namespace records are sealed in. */
        private String namespace = "ss";
        /** scripts (compare-and-set through Lua, the default) or none (for servers whose ACL denies EVALSHA; last writer wins). */
        private String scripting = "scripts";
        /** How long a Redis command may take. */
        private Duration commandTimeout = Duration.ofSeconds(2);
        /** How long connecting may take. */
        private Duration connectTimeout = Duration.ofSeconds(2);
        /** The ACL user, when not in the URI. */
        private @Nullable String username;
        /** The ACL user's password, when not in the URI. */
        private @Nullable String password;
        /** A trust store (PKCS12 or JKS) with the certificates to trust for TLS; unset: the JVM's. */
        private @Nullable Path truststore;
        /** The trust store's password. */
        private @Nullable String truststorePassword;
        /** A key store with the client certificate, for mutual TLS. */
        private @Nullable Path keystore;
        /** The key store's password. */
        private @Nullable String keystorePassword;
        /** The type of the key store and the trust store. */
        private String keystoreType = "PKCS12";
        /** Allows redis:// (no TLS) to a host that is not loopback. Insecure: logged as a warning. */
        private boolean allowPlaintextToRemoteHost;
        /** The Sentinels' ACL user, when they require a login. */
        private @Nullable String sentinelUsername;
        /** The Sentinels' password, when they require a login. */
        private @Nullable String sentinelPassword;
        /** How many replicas must confirm each write (WAIT); 0, the default, waits for none. */
        private int waitReplicas;
        /** How long to wait for those replicas; shorter than the command timeout. */
        private @Nullable Duration waitTimeout;

        /**
         * These settings as the properties {@code RedisStoreProperties.bind} reads, so that
         * both ways of configuring a store check the same things in the same way.
         */
        public Properties toStoreProperties() {
            Properties p = new Properties();
            String prefix = io.sealedsession.redis.RedisStoreProperties.PREFIX;
            put(p, prefix + "uri", uri);
            put(p, prefix + "client", client);
            put(p, prefix + "namespace", namespace);
            put(p, prefix + "scripting", scripting);
            put(p, prefix + "command-timeout", commandTimeout.toString());
            put(p, prefix + "connect-timeout", connectTimeout.toString());
            put(p, prefix + "username", username);
            put(p, prefix + "password", password);
            put(p, prefix + "truststore", truststore == null ? null : truststore.toString());
            put(p, prefix + "truststore-password", truststorePassword);
            put(p, prefix + "keystore", keystore == null ? null : keystore.toString());
            put(p, prefix + "keystore-password", keystorePassword);
            put(p, prefix + "keystore-type", keystoreType);
            put(p, prefix + "allow-plaintext-to-remote-host", Boolean.toString(allowPlaintextToRemoteHost));
            put(p, prefix + "sentinel-username", sentinelUsername);
            put(p, prefix + "sentinel-password", sentinelPassword);
            if (waitReplicas != 0) {
                put(p, prefix + "wait-replicas", Integer.toString(waitReplicas));
            }
            put(p, prefix + "wait-timeout", waitTimeout == null ? null : waitTimeout.toString());
            return p;
        }

        private static void put(Properties properties, String key, @Nullable String value) {
            if (value != null) {
                properties.setProperty(key, value);
            }
        }

        public @Nullable String getUri() {
            return uri;
        }

        public void setUri(@Nullable String uri) {
            this.uri = uri;
        }

        public @Nullable String getClient() {
            return client;
        }

        public void setClient(@Nullable String client) {
            this.client = client;
        }

        public String getNamespace() {
            return namespace;
        }

        public void setNamespace(String namespace) {
            this.namespace = namespace;
        }

        public String getScripting() {
            return scripting;
        }

        public void setScripting(String scripting) {
            this.scripting = scripting;
        }

        public Duration getCommandTimeout() {
            return commandTimeout;
        }

        public void setCommandTimeout(Duration commandTimeout) {
            this.commandTimeout = commandTimeout;
        }

        public Duration getConnectTimeout() {
            return connectTimeout;
        }

        public void setConnectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
        }

        public @Nullable String getUsername() {
            return username;
        }

        public void setUsername(@Nullable String username) {
            this.username = username;
        }

        public @Nullable String getPassword() {
            return password;
        }

        public void setPassword(@Nullable String password) {
            this.password = password;
        }

        public @Nullable Path getTruststore() {
            return truststore;
        }

        public void setTruststore(@Nullable Path truststore) {
            this.truststore = truststore;
        }

        public @Nullable String getTruststorePassword() {
            return truststorePassword;
        }

        public void setTruststorePassword(@Nullable String truststorePassword) {
            this.truststorePassword = truststorePassword;
        }

        public @Nullable Path getKeystore() {
            return keystore;
        }

        public void setKeystore(@Nullable Path keystore) {
            this.keystore = keystore;
        }

        public @Nullable String getKeystorePassword() {
            return keystorePassword;
        }

        public void setKeystorePassword(@Nullable String keystorePassword) {
            this.keystorePassword = keystorePassword;
        }

        public String getKeystoreType() {
            return keystoreType;
        }

        public void setKeystoreType(String keystoreType) {
            this.keystoreType = keystoreType;
        }

        public boolean isAllowPlaintextToRemoteHost() {
            return allowPlaintextToRemoteHost;
        }

        public void setAllowPlaintextToRemoteHost(boolean allowPlaintextToRemoteHost) {
            this.allowPlaintextToRemoteHost = allowPlaintextToRemoteHost;
        }

        public @Nullable String getSentinelUsername() {
            return sentinelUsername;
        }

        public void setSentinelUsername(@Nullable String sentinelUsername) {
            this.sentinelUsername = sentinelUsername;
        }

        public @Nullable String getSentinelPassword() {
            return sentinelPassword;
        }

        public void setSentinelPassword(@Nullable String sentinelPassword) {
            this.sentinelPassword = sentinelPassword;
        }

        public int getWaitReplicas() {
            return waitReplicas;
        }

        public void setWaitReplicas(int waitReplicas) {
            this.waitReplicas = waitReplicas;
        }

        public @Nullable Duration getWaitTimeout() {
            return waitTimeout;
        }

        public void setWaitTimeout(@Nullable Duration waitTimeout) {
            this.waitTimeout = waitTimeout;
        }

        @Override
        public String toString() {
            return "Redis[uri set=" + (uri != null) + ", namespace=" + namespace + "]";
        }
    }

    /** Where the keyring comes from. */
    public static class Keyring {
        /** The keyring file, encrypted under the key-encryption key (see docs/keys.md). */
        private @Nullable Path location;
        /**
         * The key-encryption key: a Tink AEAD keyset file. Not needed when the application defines a
         * KeyEncryptionKey bean (a KMS client, for instance).
         */
        private @Nullable Path kekLocation;
        /**
         * Generates a keyring at start-up that is never written anywhere: every session is lost when
         * the process stops, and instances cannot read each other's sessions. Demo mode only; logged
         * as a warning.
         */
        private boolean throwaway;

        public @Nullable Path getLocation() {
            return location;
        }

        public void setLocation(@Nullable Path location) {
            this.location = location;
        }

        public @Nullable Path getKekLocation() {
            return kekLocation;
        }

        public void setKekLocation(@Nullable Path kekLocation) {
            this.kekLocation = kekLocation;
        }

        public boolean isThrowaway() {
            return throwaway;
        }

        public void setThrowaway(boolean throwaway) {
            this.throwaway = throwaway;
        }
    }

    /** The session policy; unset values keep {@code SessionPolicy.ofDefaults()}. */
    public static class Policy {
        /** How long a session lives without being used (default 30 minutes). */
        private @Nullable Duration idleTimeout;
        /** How long a session lives at most from its creation (default 8 hours). */
        private @Nullable Duration absoluteLifetime;
        /** The least time between two rewrites of the last-access time inside the record (default 60 seconds). */
        private @Nullable Duration lazyTouchInterval;
        /** When set, a session whose token is older than this gets a new token on its next save (default: off). */
        private @Nullable Duration renewalInterval;
        /** The most sessions one principal may hold at once (default 16). */
        private @Nullable Integer maxSessionsPerPrincipal;
        /** What a sign-in beyond that cap does: evict-oldest (the default) or reject. */
        private @Nullable AtCap atCap;
        /** The largest encoded record in bytes (default 65536). */
        private @Nullable Integer maxRecordBytes;
        /** The most attributes one session may hold (default 256). */
        private @Nullable Integer maxAttributes;

        /** What happens at the per-principal cap. */
        public enum AtCap {
            /** The oldest session is ended to admit the new one. */
            EVICT_OLDEST,
            /** The sign-in is refused. */
            REJECT
        }

        public @Nullable Duration getIdleTimeout() {
            return idleTimeout;
        }

        public void setIdleTimeout(@Nullable Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
        }

        public @Nullable Duration getAbsoluteLifetime() {
            return absoluteLifetime;
        }

        public void setAbsoluteLifetime(@Nullable Duration absoluteLifetime) {
            this.absoluteLifetime = absoluteLifetime;
        }

        public @Nullable Duration getLazyTouchInterval() {
            return lazyTouchInterval;
        }

        public void setLazyTouchInterval(@Nullable Duration lazyTouchInterval) {
            this.lazyTouchInterval = lazyTouchInterval;
        }

        public @Nullable Duration getRenewalInterval() {
            return renewalInterval;
        }

        public void setRenewalInterval(@Nullable Duration renewalInterval) {
            this.renewalInterval = renewalInterval;
        }

        public @Nullable Integer getMaxSessionsPerPrincipal() {
            return maxSessionsPerPrincipal;
        }

        public void setMaxSessionsPerPrincipal(@Nullable Integer maxSessionsPerPrincipal) {
            this.maxSessionsPerPrincipal = maxSessionsPerPrincipal;
        }

        public @Nullable AtCap getAtCap() {
            return atCap;
        }

        public void setAtCap(@Nullable AtCap atCap) {
            this.atCap = atCap;
        }

        public @Nullable Integer getMaxRecordBytes() {
            return maxRecordBytes;
        }

        public void setMaxRecordBytes(@Nullable Integer maxRecordBytes) {
            this.maxRecordBytes = maxRecordBytes;
        }

        public @Nullable Integer getMaxAttributes() {
            return maxAttributes;
        }

        public void setMaxAttributes(@Nullable Integer maxAttributes) {
            this.maxAttributes = maxAttributes;
        }
    }

    /** The session cookie; unset values keep {@code CookieSettings.ofDefaults()}. */
    public static class Cookie {
        /** The cookie's name (default __Host-SID). */
        private @Nullable String name;
        /** The SameSite attribute: strict, lax (the default) or none. */
        private io.sealedsession.servlet.CookieSettings.@Nullable SameSite sameSite;
        /** The cookie's path (default /). */
        private @Nullable String path;
        /** The cookie's domain (default none: only the host that set it). */
        private @Nullable String domain;
        /** Makes the cookie persistent for this long (default: a browser-session cookie). */
        private @Nullable Duration maxAge;
        /** Whether scripts are kept from reading the cookie (default true). */
        private boolean httpOnly = true;
        /**
         * Sends the cookie without Secure, so browsers send the token over plain HTTP too. Insecure,
         * for http://localhost development only; logged as a warning. Choose a name without the
         * __Host- prefix as well.
         */
        private boolean insecurePlainHttp;

        public @Nullable String getName() {
            return name;
        }

        public void setName(@Nullable String name) {
            this.name = name;
        }

        public io.sealedsession.servlet.CookieSettings.@Nullable SameSite getSameSite() {
            return sameSite;
        }

        public void setSameSite(io.sealedsession.servlet.CookieSettings.@Nullable SameSite sameSite) {
            this.sameSite = sameSite;
        }

        public @Nullable String getPath() {
            return path;
        }

        public void setPath(@Nullable String path) {
            this.path = path;
        }

        public @Nullable String getDomain() {
            return domain;
        }

        public void setDomain(@Nullable String domain) {
            this.domain = domain;
        }

        public @Nullable Duration getMaxAge() {
            return maxAge;
        }

        public void setMaxAge(@Nullable Duration maxAge) {
            this.maxAge = maxAge;
        }

        public boolean isHttpOnly() {
            return httpOnly;
        }

        public void setHttpOnly(boolean httpOnly) {
            this.httpOnly = httpOnly;
        }

        public boolean isInsecurePlainHttp() {
            return insecurePlainHttp;
        }

        public void setInsecurePlainHttp(boolean insecurePlainHttp) {
            this.insecurePlainHttp = insecurePlainHttp;
        }
    }
}

package io.sealedsession.redis;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * Binds a {@link RedisStoreConfig} from properties, so that the client, the server and its
 * credentials are deployment settings rather than code; the configuration itself is a plain
 * value that knows nothing of property names. Stateless.
 */
public final class RedisStoreProperties {

    private RedisStoreProperties() {}

    /** The prefix of every property {@link #bind} reads. */
    public static final String PREFIX = "sealedsession.redis.";

    /**
     * A configuration from properties, so that the client, the server and its credentials are
     * deployment settings rather than code. Keys, each after {@value #PREFIX}:
     *
     * <table>
     *   <caption>Properties</caption>
     *   <tr><td>{@code uri}</td><td>required; any form of {@link RedisTopology}: {@code redis://}, {@code rediss://},
     *       {@code redis-cluster://}, {@code rediss-cluster://}, {@code redis-sentinel://}, {@code rediss-sentinel://}</td></tr>
     *   <tr><td>{@code client}</td><td>{@code lettuce}, {@code jedis} or {@code redisson}; absent: the only one on the class path</td></tr>
     *   <tr><td>{@code namespace}</td><td>default {@code ss}</td></tr>
     *   <tr><td>{@code scripting}</td><td>{@code scripts} (default) or {@code none}</td></tr>
     *   <tr><td>{@code command-timeout}, {@code connect-timeout}</td><td>ISO-8601 durations such as {@code PT2S}</td></tr>
     *   <tr><td>{@code username}, {@code password}</td><td>the ACL user, when not in the URI</td></tr>
     *   <tr><td>{@code truststore}, {@code truststore-password}</td><td>certificates to trust for TLS</td></tr>
     *   <tr><td>{@code keystore}, {@code keystore-password}</td><td>a client certificate for mutual TLS</td></tr>
     *   <tr><td>{@code keystore-type}</td><td>default {@code PKCS12}</td></tr>
     *   <tr><td>{@code allow-plaintext-to-remote-host}</td><td>{@code true} to allow {@code redis://} to a non-loopback host (insecure)</td></tr>
     *   <tr><td>{@code sentinel-username}, {@code sentinel-password}</td><td>for Sentinels that require a login</td></tr>
     *   <tr><td>{@code wait-replicas}</td><td>replicas that must confirm each write ({@code WAIT}); default {@code 0}, off</td></tr>
     *   <tr><td>{@code wait-timeout}</td><td>how long to wait for them, ISO-8601; default {@code PT0.5S}</td></tr>
     * </table>
     *
     * Other keys under the prefix are refused, so that a misspelt setting is not silently ignored.
     *
     * @throws IllegalArgumentException naming the property that is missing, unknown or wrong
     */
    public static RedisStoreConfig bind(Properties properties) {
        RedisStoreConfig.Builder b = RedisStoreConfig.custom();
        for (String name : properties.stringPropertyNames()) {
            if (!name.startsWith(PREFIX)) {
                continue;
            }
            String key = name.substring(PREFIX.length());
            String value = properties.getProperty(name).trim();
            try {
                switch (key) {
                    case "uri" -> b.uri(value);
                    case "client" -> b.client(value.isEmpty() ? null : value);
                    case "namespace" -> b.namespace(value);
                    case "scripting" -> b.scripting(switch (value) {
                        case "scripts" -> ScriptingMode.SCRIPTS;
                        case "none" -> ScriptingMode.NONE;
                        default -> throw new IllegalArgumentException("scripts or none, but was " + value);
                    });
                    case "command-timeout" -> b.commandTimeout(Duration.parse(value));
                    case "connect-timeout" -> b.connectTimeout(Duration.parse(value));
                    case "username", "password", "truststore-password", "keystore-password",
                            "sentinel-username", "sentinel-password", "wait-timeout" -> { } // read below
                    case "truststore" -> b.trustStore(Path.of(value), chars(properties, "truststore-password"));
                    case "keystore" -> b.keyStore(Path.of(value), chars(properties, "keystore-password"));
                    case "keystore-type" -> b.keyStoreType(value);
                    case "allow-plaintext-to-remote-host" -> b.allowPlaintextToRemoteHost(switch (value) {
                        case "true" -> true;
                        case "false" -> false;
                        default -> throw new IllegalArgumentException("true or false, but was " + value);
                    });
                    case "wait-replicas" -> {
                        int replicas = Integer.parseInt(value);
                        String timeout = properties.getProperty(PREFIX + "wait-timeout");
                        if (replicas == 0) {
                            b.noWaitForReplicas();
                        } else {
                            b.waitForReplicas(replicas, timeout == null ? RedisStoreConfig.DEFAULT_WAIT_TIMEOUT : Duration.parse(timeout.trim()));
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown setting");
                }
            } catch (RuntimeException e) {
                boolean secret = key.contains("password");
                throw new IllegalArgumentException("property " + name + ": " + (secret ? "invalid" : e.getMessage()), e);
            }
        }
        char[] password = chars(properties, "password");
        if (password != null) {
            String username = properties.getProperty(PREFIX + "username");
            b.credentials(username == null || username.isBlank() ? null : username.trim(), password);
        }
        char[] sentinelPassword = chars(properties, "sentinel-password");
        if (sentinelPassword != null) {
            String username = properties.getProperty(PREFIX + "sentinel-username");
            b.sentinelCredentials(username == null || username.isBlank() ? null : username.trim(), sentinelPassword);
        }
        if (properties.getProperty(PREFIX + "wait-timeout") != null
                && properties.getProperty(PREFIX + "wait-replicas") == null) {
            throw new IllegalArgumentException("property " + PREFIX + "wait-timeout is set, but "
                    + PREFIX + "wait-replicas is not; set how many replicas to wait for");
        }
        if (properties.getProperty(PREFIX + "uri") == null) {
            throw new IllegalArgumentException("property " + PREFIX + "uri is required, such as rediss://redis.example:6379");
        }
        return b.build();
    }

    /** {@link #bind} over the JVM's system properties. */
    public static RedisStoreConfig fromSystemProperties() {
        return bind(System.getProperties());
    }

    private static char @Nullable [] chars(Properties properties, String key) {
        String value = properties.getProperty(PREFIX + key);
        return value == null ? null : value.toCharArray();
    }
}

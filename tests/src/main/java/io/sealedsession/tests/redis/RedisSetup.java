package io.sealedsession.tests.redis;

import io.sealedsession.redis.RedisSessionStore;
import io.sealedsession.redis.RedisStoreConfig;
import io.sealedsession.redis.ScriptingMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The server set-ups every Redis adapter is proven on. Each builds the {@link RedisStoreConfig} an
 * application would write for it; the servers are started once per JVM, on free loopback ports,
 * with certificates and passwords made at run time.
 *
 * <ul>
 *   <li>{@link #PLAIN}: the default user over plain TCP;</li>
 *   <li>{@link #TLS}: TLS with certificate and host-name verification against a test CA;</li>
 *   <li>{@link #MUTUAL_TLS}: TLS to a server that requires a client certificate;</li>
 *   <li>{@link #LEAST_PRIVILEGE_ACL}: an ACL user limited to {@code ~<ns>:*} and exactly the
 *       commands the store uses (requirement A3);</li>
 *   <li>{@link #NO_SCRIPTING}: an ACL user that may not run scripts, with the store in its mode
 *       without scripting.</li>
 * </ul>
 */
public enum RedisSetup {
    PLAIN,
    TLS,
    MUTUAL_TLS,
    LEAST_PRIVILEGE_ACL,
    NO_SCRIPTING;

    /** The namespace the ACL users are limited to; stores under test use it. */
    public static final String NAMESPACE = "kit";

    private static final String APP_USER = "kit-app";
    private static final String NO_SCRIPT_USER = "kit-noscript";
    private static final String PASSWORD = randomPassword();

    /** The configuration an application on this set-up uses, for the named client. */
    public RedisStoreConfig config(String client) {
        Servers servers = Servers.get();
        RedisStoreConfig.Builder config = RedisStoreConfig.custom()
                .client(client)
                .namespace(NAMESPACE)
                .connectTimeout(Duration.ofSeconds(5))
                .commandTimeout(Duration.ofSeconds(5));
        switch (this) {
            case PLAIN -> config.uri(servers.main.uri());
            case TLS -> config.uri("rediss://localhost:" + servers.main.tlsPort())
                    .trustStore(servers.tls.trustStore(), servers.tls.storePassword().toCharArray());
            case MUTUAL_TLS -> config.uri("rediss://localhost:" + servers.mutualTls.tlsPort())
                    .trustStore(servers.tls.trustStore(), servers.tls.storePassword().toCharArray())
                    .keyStore(servers.tls.clientKeyStore(), servers.tls.storePassword().toCharArray());
            case LEAST_PRIVILEGE_ACL -> config.uri(servers.main.uri())
                    .credentials(APP_USER, PASSWORD.toCharArray());
            case NO_SCRIPTING -> config.uri(servers.main.uri())
                    .credentials(NO_SCRIPT_USER, PASSWORD.toCharArray())
                    .scripting(ScriptingMode.NONE);
        }
        return config.build();
    }

    /** The server this set-up runs on. */
    public RedisServer server() {
        Servers servers = Servers.get();
        return this == MUTUAL_TLS ? servers.mutualTls : servers.main;
    }

    /** A plain connection as the default user to this set-up's server, for inspection and clean-up. */
    public RespConnection admin() {
        return RespConnection.to(server());
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String aclUser(String name, List<String> commands) {
        return "user " + name + " on >" + PASSWORD + " resetkeys ~" + NAMESPACE + ":* resetchannels -@all "
                + commands.stream().map(c -> "+" + c).collect(Collectors.joining(" "));
    }

    /** The shared servers, started on first use and stopped when the JVM exits. */
    private static final class Servers {
        private static Servers instance;

        final TlsMaterial tls;
        final RedisServer main;
        final RedisServer mutualTls;

        private Servers() {
            try {
                tls = TlsMaterial.generate(Files.createTempDirectory("sealed-sessions-kit-tls-"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<String> mainConfig = new ArrayList<>(tls.serverConfig());
            mainConfig.add("tls-auth-clients optional"); // TLS without a client certificate on this server
            mainConfig.add(aclUser(APP_USER, RedisSessionStore.requiredCommands(ScriptingMode.SCRIPTS)));
            mainConfig.add(aclUser(NO_SCRIPT_USER, RedisSessionStore.requiredCommands(ScriptingMode.NONE)));
            main = RedisServer.builder().tlsPort().config(mainConfig.toArray(String[]::new)).start();
            mutualTls = RedisServer.builder().tlsPort().config(tls.serverConfig().toArray(String[]::new)).start();
        }

        static synchronized Servers get() {
            if (instance == null) {
                instance = new Servers();
            }
            return instance;
        }
    }

    /** Where the TLS material lives, for tests that need the files themselves. */
    public static Path trustStore() {
        return Servers.get().tls.trustStore();
    }
}

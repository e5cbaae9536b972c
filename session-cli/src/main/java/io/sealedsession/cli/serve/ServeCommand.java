package io.sealedsession.cli.serve;

import io.sealedsession.cli.ExitCodes;
import io.sealedsession.cli.KekOption;
import io.sealedsession.cli.RedisClients;
import io.sealedsession.core.SessionManager;
import io.sealedsession.core.SessionPolicy;
import io.sealedsession.core.SessionStoreUnavailableException;
import io.sealedsession.core.memory.InMemorySessionStore;
import io.sealedsession.core.port.SessionStore;
import io.sealedsession.core.throttle.InMemorySignInThrottle;
import io.sealedsession.core.throttle.SignInThrottle;
import io.sealedsession.core.throttle.ThrottlePolicy;
import io.sealedsession.crypto.KeyEncryptionKey;
import io.sealedsession.crypto.SessionKeyring;
import io.sealedsession.redis.RedisCommandExecutor;
import io.sealedsession.redis.RedisSessionStore;
import io.sealedsession.redis.RedisSessionStores;
import io.sealedsession.redis.RedisSignInThrottle;
import io.sealedsession.redis.RedisStoreConfig;
import io.sealedsession.servlet.CookieSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code session-cli serve}: the reference web app on embedded Jetty, with sessions in Redis
 * ({@code --redis}) or in this process, sealed with a keyring file ({@code --keyset}) or a
 * throw-away one.
 *
 * <p>The session cookie keeps the library's secure defaults ({@code __Host-SID}, {@code Secure},
 * {@code HttpOnly}, {@code SameSite=Lax}) even over plain HTTP: browsers treat
 * {@code http://127.0.0.1} and {@code http://localhost} as secure contexts and accept such a cookie
 * there (checked with headless Chromium by {@code BrowserTest}). On any other address the app
 * needs a TLS-terminating proxy in front, and says so at start-up.
 *
 * <p>Options that contradict each other are usage errors (exit 2); a keyring, Redis or a port
 * that fails is exit 1.
 */
@Command(name = "serve",
        description = {
            "Run the reference web app: a page at / (sign in, notes in the session, your active sessions,"
                    + " end one or all others, sign out) and the JSON API under /api that the page uses.",
            "Without --redis, sessions live in this process only; without --keyset, they are sealed with a"
                    + " throw-away keyring and do not survive a restart.",
            ""
        })
public final class ServeCommand implements Callable<Integer> {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Spec
    private CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "TCP port to listen on; 0 picks a free one.")
    private int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on. Browsers keep the Secure session cookie over plain HTTP only"
                    + " from loopback addresses; anywhere else put a TLS-terminating proxy in front.")
    private String bind;

    @Option(names = "--redis", paramLabel = "URI",
            description = "Keep sessions in Redis: redis://[user:password@]host:port or rediss:// for TLS."
                    + " Absent: an in-memory store, sessions live in this process only.")
    private @Nullable String redis;

    @Option(names = "--client", paramLabel = "NAME",
            description = "Redis client adapter for --redis: lettuce, jedis or redisson. Default: the one in"
                    + " the jar; with several, lettuce.")
    private @Nullable String client;

    @Option(names = "--keyset", paramLabel = "FILE",
            description = "Keyring file (from 'keyset generate'), encrypted under --kek / $SEALEDSESSION_KEK_FILE."
                    + " Absent: a throw-away keyring; sessions do not survive a restart.")
    private @Nullable Path keyset;

    @Mixin
    private KekOption kek;

    @Option(names = "--insecure-cleartext-keyset",
            description = "The --keyset file is in clear (development only: whoever reads it can read and"
                    + " forge every session).")
    private boolean insecureCleartextKeyset;

    @Option(names = "--user", paramLabel = "NAME:PASSWORD", showDefaultValue = Help.Visibility.NEVER,
            description = "A user who may sign in; repeatable. Only a PBKDF2 hash is kept. The value is visible"
                    + " to other local users in the process list. Absent: demo users alice and bob with"
                    + " passwords generated and printed at start.")
    private List<String> users = new ArrayList<>();

    @Option(names = "--namespace", paramLabel = "NAME", defaultValue = "ss",
            description = "Key prefix in Redis, bound into every sealed record: 1 to 64 of A-Z a-z 0-9 . _ -")
    private String namespace;

    @Option(names = "--idle", paramLabel = "DURATION", defaultValue = "PT30M", converter = IsoDuration.class,
            description = "Idle timeout, ISO-8601 (PT30M, PT2H).")
    private Duration idle;

    @Option(names = "--absolute", paramLabel = "DURATION", defaultValue = "PT8H", converter = IsoDuration.class,
            description = "Absolute session lifetime, ISO-8601 (PT8H, P1D).")
    private Duration absolute;

    /** Starts the server and serves until the JVM is told to stop (Ctrl+C, SIGTERM). */
    @Override
    public Integer call() throws Exception {
        ReferenceServer server = start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "session-cli-shutdown"));
        server.join();
        return ExitCodes.OK;
    }

    /**
     * Checks the options, opens the store, starts Jetty and prints where it listens. Returns once
     * the server accepts requests; the caller closes it.
     *
     * @throws ParameterException for options that are malformed or contradict each other
     * @throws Exception when the keyring, the store or the port fails
     */
    public ReferenceServer start() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();

        if (port < 0 || port > 65_535) {
            throw usage("--port is between 0 and 65535, but was " + port);
        }
        InetAddress address = address();
        SessionPolicy policy = policy();
        checkNamespace();
        Map<String, char[]> passwords = passwords();
        boolean demoUsers = passwords.isEmpty();
        Map<String, String> shown = new LinkedHashMap<>();
        if (demoUsers) {
            for (String name : List.of("alice", "bob")) {
                String password = generatedPassword();
                shown.put(name, password);
                passwords.put(name, password.toCharArray());
            }
        }
        UserDirectory directory = UserDirectory.hashing(passwords);
        List<String> warnings = new ArrayList<>();
        KeyringChoice keyring = keyring(warnings);
        StoreChoice store = store(keyring.keyring());
        if (store.closeable() == null) {
            warnings.add("Sessions live in THIS PROCESS ONLY (in-memory store): they end when it stops, and no other"
                    + " process sees them. Serve with --redis URI to keep them in Redis.");
        }

        SessionManager manager = SessionManager.builder(store.store(), keyring.keyring().sealer())
                .namespace(namespace)
                .policy(policy)
                .build();
        ReferenceServer server;
        try {
            server = ReferenceServer.start(address, port, manager, CookieSettings.ofDefaults(), directory, store.throttle(),
                    store.store(), store.closeable());
        } catch (IOException e) {
            closeQuietly(store.closeable());
            throw new IllegalStateException("cannot listen on " + address.getHostAddress() + ":" + port + ": " + e.getMessage(), e);
        } catch (Exception e) {
            closeQuietly(store.closeable());
            throw e;
        }

        if (!address.isLoopbackAddress()) {
            warnings.add("Listening on " + address.getHostAddress() + " over plain HTTP. The session cookie is"
                    + " __Host-SID; Secure, which browsers keep only from https:// origins and from localhost or"
                    + " 127.0.0.1. Put a TLS-terminating proxy in front to use it from other machines.");
        }
        out.println("Sealed Sessions reference app on " + server.uri());
        out.println("  store:   " + store.description());
        out.println("  keyring: " + keyring.description());
        out.println("  policy:  idle " + policy.idleTimeout() + ", absolute " + policy.absoluteLifetime());
        ThrottlePolicy throttling = ThrottlePolicy.ofDefaults();
        out.println("  sign-in: locked after " + throttling.maxFailures() + " failures within " + throttling.window()
                + " per account or address, " + store.throttleDescription());
        if (demoUsers) {
            out.println("  users:   demo users with passwords generated for this run:");
            shown.forEach((name, password) -> out.println("             " + name + " / " + password));
        } else {
            out.println("  users:   " + String.join(", ", directory.names()));
        }
        out.println("Press Ctrl+C to stop.");
        out.flush();
        warnings.forEach(warning -> loud(err, warning));
        return server;
    }

    // ---- options --------------------------------------------------------------------------------

    private InetAddress address() {
        try {
            return InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw usage("--bind is an IP address or a host name of this machine, but '" + bind + "' does not resolve");
        }
    }

    private SessionPolicy policy() {
        Duration lazyTouch = SessionPolicy.ofDefaults().lazyTouchInterval();
        if (lazyTouch.compareTo(idle) >= 0) {
            // The record's last-access time must be rewritten well within the idle timeout, or an
            // active session would look idle to the backstop check in SessionManager.find.
            lazyTouch = idle.dividedBy(2);
        }
        try {
            return SessionPolicy.custom().idleTimeout(idle).absoluteLifetime(absolute).lazyTouchInterval(lazyTouch).build();
        } catch (IllegalArgumentException e) {
            throw usage("--idle / --absolute: " + e.getMessage());
        }
    }

    /**
     * The same value prefixes the Redis keys and is bound into sealed records. The store's rules
     * are a subset of the manager's, so one check covers both, and the in-memory store accepts the
     * same names as Redis: a command line that works in one mode works in the other.
     */
    private void checkNamespace() {
        try {
            RedisStoreConfig.custom().namespace(namespace);
        } catch (IllegalArgumentException e) {
            throw usage("--namespace: " + e.getMessage());
        }
    }

    private Map<String, char[]> passwords() {
        Map<String, char[]> passwords = new LinkedHashMap<>();
        for (String user : users) {
            int colon = user.indexOf(':');
            // The messages never repeat the value: it holds a password.
            if (colon <= 0 || colon == user.length() - 1) {
                throw usage("--user is NAME:PASSWORD with a non-empty name and password");
            }
            String name = user.substring(0, colon);
            if (name.length() > 64 || !name.chars().allMatch(c -> c > 0x20 && c != 0x7F)) {
                throw usage("--user names have 1 to 64 characters without spaces or control characters");
            }
            if (passwords.containsKey(name)) {
                throw usage("--user " + name + " is given twice");
            }
            passwords.put(name, user.substring(colon + 1).toCharArray());
        }
        return passwords;
    }

    private record KeyringChoice(SessionKeyring keyring, String description) {}

    private KeyringChoice keyring(List<String> warnings) {
        if (keyset == null) {
            if (insecureCleartextKeyset || kek.givenAsOption()) {
                throw usage((insecureCleartextKeyset ? "--insecure-cleartext-keyset" : "--kek") + " needs --keyset FILE");
            }
            warnings.add("No --keyset: sessions are sealed with a THROW-AWAY keyring generated for this run. They will"
                    + " NOT survive a restart, and no other instance can open them. Create a keyring with"
                    + " 'session-cli keyset generate-kek KEK' and 'session-cli keyset generate --kek KEK FILE', then"
                    + " serve with --keyset FILE --kek KEK.");
            return new KeyringChoice(SessionKeyring.generate(), "THROW-AWAY, generated for this run");
        }
        if (insecureCleartextKeyset) {
            if (kek.givenAsOption()) {
                throw usage("--kek and --insecure-cleartext-keyset contradict each other: a keyring is either encrypted"
                        + " or in clear");
            }
            warnings.add("INSECURE CLEARTEXT keyring " + keyset + ": whoever reads this file can read and forge every"
                    + " session. Encrypt it under a key-encryption key outside development.");
            return new KeyringChoice(SessionKeyring.loadInsecureCleartext(keyset), keyset + " (INSECURE CLEARTEXT)");
        }
        KeyEncryptionKey key = kek.load().orElseThrow(() -> usage("--keyset " + keyset + " is encrypted under a"
                + " key-encryption key: give --kek FILE or set SEALEDSESSION_KEK_FILE (a cleartext keyring needs"
                + " --insecure-cleartext-keyset)"));
        return new KeyringChoice(SessionKeyring.load(keyset, key), keyset + " (encrypted)");
    }

    private record StoreChoice(SessionStore store, @Nullable AutoCloseable closeable, String description,
            SignInThrottle throttle, String throttleDescription) {}

    private StoreChoice store(SessionKeyring keyring) {
        if (redis == null) {
            if (client != null) {
                throw usage("--client chooses the Redis client for --redis; without --redis there is no Redis");
            }
            return new StoreChoice(new InMemorySessionStore(), null,
                    "in memory: sessions live in this process only (at most " + InMemorySessionStore.DEFAULT_MAX_SESSIONS
                            + ", expired ones swept)",
                    new InMemorySignInThrottle(), "counted in this process");
        }
        RedisStoreConfig config;
        String chosen;
        try {
            chosen = RedisClients.choose(client);
            config = RedisStoreConfig.custom().uri(redis).client(chosen).namespace(namespace).build();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        RedisCommandExecutor executor;
        try {
            executor = RedisSessionStores.openExecutor(config);
        } catch (SessionStoreUnavailableException e) {
            throw new IllegalStateException("cannot connect to Redis at " + config.redactedUri() + " with " + chosen + ": "
                    + e.getMessage(), e);
        }
        // One connection for the sessions and the sign-in counts; closing the store closes it.
        RedisSessionStore store;
        SignInThrottle throttle;
        try {
            store = RedisSessionStore.builder(executor).config(config).build();
            throttle = RedisSignInThrottle.builder(executor, keyring.sealer()).namespace(namespace).build();
        } catch (RuntimeException e) {
            executor.close();
            throw e;
        }
        return new StoreChoice(store, store, "Redis " + config.redactedUri() + " via " + chosen + ", namespace " + namespace,
                throttle, "counted in Redis, shared by every instance on it");
    }

    // ---- helpers --------------------------------------------------------------------------------

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private static String generatedPassword() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A warning nobody scrolling past the start-up lines can miss. */
    private static void loud(PrintWriter err, String message) {
        String rule = "*".repeat(78);
        err.println(rule);
        for (String line : wrap("WARNING: " + message, 74)) {
            err.printf("* %-74s *%n", line);
        }
        err.println(rule);
        err.flush();
    }

    private static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        lines.add(line.toString());
        return lines;
    }

    private static void closeQuietly(@Nullable AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            // Start-up already failed; that failure is the one to report.
        }
    }

    /** Reads ISO-8601 durations such as {@code PT30M}, with a message that shows the expected form. */
    static final class IsoDuration implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return Duration.parse(value.trim());
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("an ISO-8601 duration such as PT30M or PT8H, but was '" + value + "'");
            }
        }
    }
}

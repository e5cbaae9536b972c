package io.sealedsession.tests.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A {@code redis-server} process of the test's own, on a free loopback port, with no persistence
 * ({@code save ""}, {@code appendonly no}) and a temporary directory.
 *
 * <pre>{@code
 * try (RedisServer redis = RedisServer.builder().config("requirepass s3cret").start()) {
 *     String uri = redis.uri(); // redis://127.0.0.1:<port>
 * }
 * }</pre>
 *
 * <p>The program is {@code redis-server} unless the builder names another
 * {@link ServerImplementation} ({@link Builder#implementation}, such as {@code valkey-server});
 * each is found through its environment variable ({@code $REDIS_SERVER}, {@code $VALKEY_SERVER})
 * or the {@code PATH}. Without one, {@link Builder#start()} fails and says how to install it:
 * tests never skip silently.
 *
 * <p>The server reads a generated configuration file: the defaults above, then the lines given to
 * {@link Builder#config}, so a later line overrides a default (TLS ports, ACL users,
 * {@code rename-command}, persistence for a doctor test, ...). {@link #stop()}/{@link #kill()} and
 * {@link #start()} stop and start the same server on the same port and directory, so tests can
 * take Redis away and bring it back. A JVM shutdown hook ends every process still running and
 * deletes the directories of servers never closed, so nothing outlives the test run.
 *
 * <p>Readiness is checked with a raw RESP {@code PING} over a socket: the fixture uses no Redis
 * client library. Not thread-safe: one test thread drives a server.
 */
public final class RedisServer implements AutoCloseable {

    private static final String LOOPBACK = "127.0.0.1";
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();
    private static final Set<Path> DIRECTORIES = ConcurrentHashMap.newKeySet();

    static {
        // Servers shared for the whole JVM (Cluster, Sentinel) are never closed by a test: end
        // them here, then remove what they left on disk.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            RUNNING.forEach(Process::destroyForcibly);
            for (Process process : RUNNING) {
                try {
                    process.waitFor(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            DIRECTORIES.forEach(RedisServer::deleteDirectory);
        }, "redis-server-fixture-cleanup"));
    }

    private final Path binary;
    private final ServerImplementation implementation;
    private final boolean withTlsPort;
    private final boolean withClusterBusPort;
    private final boolean sentinel;
    private final List<String> extraConfig;
    private final Duration startTimeout;
    private final Path directory;
    private int port;
    private int tlsPort;
    private int clusterBusPort;
    private @Nullable Process process;

    private RedisServer(Builder builder, Path binary) throws IOException {
        this.binary = binary;
        this.implementation = builder.implementation;
        this.withTlsPort = builder.tlsPort;
        this.withClusterBusPort = builder.clusterBusPort;
        this.sentinel = builder.sentinel;
        this.extraConfig = List.copyOf(builder.config);
        this.startTimeout = builder.startTimeout;
        this.directory = Files.createTempDirectory("sealed-sessions-redis-");
        DIRECTORIES.add(directory);
    }

    /** A builder with no extra configuration and a 10 s start timeout. */
    public static Builder builder() {
        return new Builder();
    }

    /** Starts a server with the defaults. */
    public static RedisServer startDefault() {
        return builder().start();
    }

    /** The loopback address the server listens on, {@code 127.0.0.1}. */
    /** The loopback address the server listens on. */
    public String host() {
        return LOOPBACK;
    }

    /** The plaintext port, chosen free at start and kept across {@link #stop()} and {@link #start()}. */
    public int port() {
        return port;
    }

    /**
     * The TLS port, when the builder asked for one ({@link Builder#tlsPort()}).
     *
     * @throws IllegalStateException otherwise
     */
    public int tlsPort() {
        if (!withTlsPort) {
            throw new IllegalStateException("this server has no TLS port; ask for one with RedisServer.builder().tlsPort()");
        }
        return tlsPort;
    }

    /**
     * The Cluster bus port, when the builder asked for one ({@link Builder#clusterBusPort()}).
     *
     * @throws IllegalStateException otherwise
     */
    public int clusterBusPort() {
        if (!withClusterBusPort) {
            throw new IllegalStateException("this server has no cluster bus port; ask for one with RedisServer.builder().clusterBusPort()");
        }
        return clusterBusPort;
    }

    /** The server program this process runs. */
    public ServerImplementation implementation() {
        return implementation;
    }

    /** Whether this process runs as a Sentinel ({@link Builder#sentinel()}). */
    public boolean isSentinel() {
        return sentinel;
    }

    /** {@code redis://127.0.0.1:<port>}, without credentials. */
    public String uri() {
        return "redis://" + LOOPBACK + ":" + port;
    }

    /** The server's working directory; its output goes to {@code redis.log} there. */
    public Path directory() {
        return directory;
    }

    /** Whether the process is alive: false after {@link #stop()} or {@link #kill()}. */
    public boolean isRunning() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /**
     * Starts the server again on the same port after {@link #stop()} or {@link #kill()}, and waits
     * until it answers {@code PING}.
     *
     * @throws IllegalStateException when it is running, or does not come up in time
     */
    public void start() {
        if (isRunning()) {
            throw new IllegalStateException("redis-server on port " + port + " is already running");
        }
        launch();
    }

    /** Stops the server gracefully (SIGTERM: it closes its clients and exits) and waits for the process to end. */
    public void stop() {
        end(false);
    }

    /** Kills the server (SIGKILL), as a crash would, and waits for the process to end. */
    public void kill() {
        end(true);
    }

    /**
     * Freezes the server (SIGSTOP): its port stays open and its clients connected, but nothing is
     * answered, as with a server stuck in a long command or a paused virtual machine.
     */
    public void pause() {
        signal("STOP");
    }

    /** Lets a {@link #pause() paused} server run again (SIGCONT), with everything it held. */
    public void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        Process p = process;
        if (p == null || !p.isAlive()) {
            throw new IllegalStateException("redis-server on port " + port + " is not running");
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).inheritIO().start();
            if (!kill.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + p.pid() + " failed");
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot run kill", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling redis-server", e);
        }
    }

    /** Stops the server and deletes its directory. */
    @Override
    public void close() {
        stop();
        deleteDirectory(directory);
        DIRECTORIES.remove(directory);
    }

    private static void deleteDirectory(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A leftover temp directory is harmless; the process, which matters, has ended.
        }
    }

    /** The last lines the server wrote, for failure messages. */
    public String logTail() {
        Path log = directory.resolve("redis.log");
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public String toString() {
        return "RedisServer[" + implementation.label() + " " + uri() + (isRunning() ? ", running" : ", stopped") + "]";
    }

    private void startOnFreePort() {
        // Another process may take the free port between our probe and the server's bind; try a
        // few ports before giving up.
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            port = freePort();
            if (withTlsPort) {
                do {
                    tlsPort = freePort();
                } while (tlsPort == port);
            }
            if (withClusterBusPort) {
                // Redis's default, port + 10000, may be taken or above 65535 for an ephemeral port.
                do {
                    clusterBusPort = freePort();
                } while (clusterBusPort == port || clusterBusPort == tlsPort);
            }
            try {
                launch();
                return;
            } catch (PortTakenException e) {
                last = e;
            }
        }
        throw Objects.requireNonNull(last);
    }

    private void launch() {
        Path config = directory.resolve("redis.conf");
        List<String> lines = new ArrayList<>(List.of(
                "bind " + LOOPBACK,
                "port " + port,
                "protected-mode yes",
                "daemonize no",
                "save \"\"",
                "appendonly no",
                "dir " + quote(directory.toString()),
                "logfile \"\""));
        if (withTlsPort) {
            lines.add("tls-port " + tlsPort);
        }
        if (withClusterBusPort) {
            lines.add("cluster-port " + clusterBusPort);
        }
        lines.addAll(extraConfig);
        try {
            Files.write(config, lines, StandardCharsets.UTF_8);
            List<String> command = new ArrayList<>(List.of(binary.toString(), config.toString()));
            if (sentinel) {
                command.add("--sentinel");
            }
            ProcessBuilder pb = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("redis.log").toFile()));
            Process started = pb.start();
            process = started;
            RUNNING.add(started);
            awaitPing(started);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary, e);
        }
    }

    private void awaitPing(Process started) {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!started.isAlive()) {
                RUNNING.remove(started);
                String log = logTail();
                if (log.contains("Address already in use")) {
                    throw new PortTakenException(port, log);
                }
                throw new IllegalStateException("redis-server exited with status " + started.exitValue()
                        + " before answering on port " + port + "; its log:\n" + log);
            }
            if (answersPing()) {
                return;
            }
            sleep(20);
        }
        end(true);
        throw new IllegalStateException("redis-server did not answer PING on port " + port + " within " + startTimeout
                + "; its log:\n" + logTail());
    }

    /** True when the server answers PING with PONG, or says it wants authentication first (it is up). */
    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port), 200);
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String reply = readLine(socket.getInputStream());
            return reply.startsWith("+PONG") || reply.startsWith("-NOAUTH");
        } catch (IOException notYet) {
            return false;
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
            line.append((char) c);
        }
        return line.toString();
    }

    private void end(boolean forcibly) {
        Process p = process;
        if (p == null) {
            return;
        }
        try {
            if (forcibly) {
                p.destroyForcibly();
            } else {
                p.destroy();
            }
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            RUNNING.remove(p);
            process = null;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free loopback port", e);
        }
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for redis-server", e);
        }
    }

    private static final class PortTakenException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        PortTakenException(int port, String log) {
            super("port " + port + " was taken before redis-server could bind it; its log:\n" + log);
        }
    }

    /** Configures and starts a {@link RedisServer}. */
    public static final class Builder {

        private final List<String> config = new ArrayList<>();
        private Duration startTimeout = Duration.ofSeconds(10);
        private boolean tlsPort;
        private boolean clusterBusPort;
        private boolean sentinel;
        private ServerImplementation implementation = ServerImplementation.REDIS;

        private Builder() {}

        /** The server program to run. Default {@link ServerImplementation#REDIS}. */
        public Builder implementation(ServerImplementation implementation) {
            this.implementation = Objects.requireNonNull(implementation, "implementation");
            return this;
        }

        /**
         * Listens on a second free port with TLS ({@code tls-port}); the certificate lines come
         * through {@link #config} (see {@link TlsMaterial#serverConfig()}). The plain port stays
         * open: the fixture checks readiness there.
         */
        public Builder tlsPort() {
            this.tlsPort = true;
            return this;
        }

        /**
         * Chooses a free port for the Cluster bus ({@code cluster-port}) rather than Redis's
         * default of the client port plus 10000, which may be taken or out of range. The
         * {@code cluster-enabled} line and the rest come through {@link #config}.
         */
        public Builder clusterBusPort() {
            this.clusterBusPort = true;
            return this;
        }

        /**
         * Runs the process as a Sentinel ({@code --sentinel}); its {@code sentinel monitor} lines
         * come through {@link #config}. A Sentinel rewrites its configuration file as it learns
         * the deployment; a restart starts again from the lines given here.
         */
        public Builder sentinel() {
            this.sentinel = true;
            return this;
        }

        /**
         * Lines of {@code redis.conf} to add after the defaults, such as {@code "requirepass s3cret"},
         * {@code "user app on >pw ~ss:* +get"} or {@code "rename-command EVALSHA \"\""}.
         */
        public Builder config(String... lines) {
            for (String line : lines) {
                Objects.requireNonNull(line, "line");
                if (line.contains("\n") || line.contains("\r")) {
                    throw new IllegalArgumentException("a config line has no line breaks, but was \"" + line + "\"");
                }
                config.add(line);
            }
            return this;
        }

        /** How long to wait for the first PONG. Default 10 s. */
        public Builder startTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("a start timeout must be positive, but was " + timeout);
            }
            this.startTimeout = timeout;
            return this;
        }

        /** Starts the server on a free loopback port and waits until it answers. */
        public RedisServer start() {
            Path binary = implementation.binary();
            RedisServer server;
            try {
                server = new RedisServer(this, binary);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a directory for redis-server", e);
            }
            server.startOnFreePort();
            return server;
        }
    }
}

package io.sealedsession.benchmarks.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away {@code redis-server} on a free loopback port, without persistence, for one
 * benchmark run. The binary is {@code redis-server} on the {@code PATH}, or the one the
 * {@code REDIS_SERVER} environment variable names.
 */
public final class RedisServer implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path directory;

    private RedisServer(Process process, int port, Path directory) {
        this.process = process;
        this.port = port;
        this.directory = directory;
    }

    /** Starts a server and waits until it answers {@code PING}. */
    public static RedisServer start() {
        String binary = System.getenv().getOrDefault("REDIS_SERVER", "redis-server");
        try {
            Path directory = Files.createTempDirectory("sealedsession-bench-redis");
            int port = freePort();
            List<String> command = new ArrayList<>(List.of(binary,
                    "--port", String.valueOf(port),
                    "--bind", "127.0.0.1",
                    "--save", "",
                    "--appendonly", "no",
                    "--dir", directory.toString(),
                    "--logfile", directory.resolve("redis.log").toString()));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(directory.resolve("stdout.log").toFile()).start();
            RedisServer server = new RedisServer(process, port, directory);
            server.awaitPing();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + binary + " (install redis-server, or set REDIS_SERVER to its path)", e);
        }
    }

    /** The port the server listens on, on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** The server's URI, {@code redis://127.0.0.1:<port>}. */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** The binary's version line, as {@code INFO server} reports it. */
    public String version() {
        String info = command("INFO", "server");
        for (String line : info.split("\r\n")) {
            if (line.startsWith("redis_version:")) {
                return line.substring("redis_version:".length());
            }
        }
        return "unknown";
    }

    /**
     * Sends one command over a fresh connection and returns the reply as text: a bulk or simple
     * string, an integer, or {@code "(nil)"}; errors raise. For set-up and {@code MEMORY USAGE},
     * never in a measured loop.
     */
    public String command(String... args) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            StringBuilder request = new StringBuilder("*").append(args.length).append("\r\n");
            for (String arg : args) {
                byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
                request.append('$').append(bytes.length).append("\r\n").append(arg).append("\r\n");
            }
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return readReply(socket.getInputStream());
        } catch (IOException e) {
            throw new IllegalStateException("redis-server on port " + port + " did not answer", e);
        }
    }

    private static String readReply(InputStream in) throws IOException {
        String line = readLine(in);
        char type = line.charAt(0);
        String rest = line.substring(1);
        switch (type) {
            case '+':
            case ':':
                return rest;
            case '-':
                throw new IllegalStateException("redis-server answered " + rest);
            case '$': {
                int length = Integer.parseInt(rest);
                if (length < 0) {
                    return "(nil)";
                }
                byte[] bytes = in.readNBytes(length + 2);
                return new String(bytes, 0, length, StandardCharsets.UTF_8);
            }
            default:
                throw new IllegalStateException("unexpected reply type " + type);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\r') {
                in.read();
                return line.toString();
            }
            line.append((char) c);
        }
        throw new IOException("connection closed");
    }

    private void awaitPing() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited with " + process.exitValue() + "; see " + directory);
            }
            try {
                if ("PONG".equals(command("PING"))) {
                    return;
                }
            } catch (IllegalStateException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("redis-server did not answer PING within 15 s; see " + directory, notYet);
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for redis-server", e);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}

package io.sealedsession.tests.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The fixture itself: a real process, on a loopback port, that stops and starts again there. */
class RedisServerTest {

    @Test
    @DisplayName("starts on a loopback port, stops, and starts again on the same port")
    void startStopStart() throws IOException {
        try (RedisServer server = RedisServer.startDefault()) {
            int port = server.port();
            assertThat(server.isRunning()).isTrue();
            assertThat(send(port, "PING")).isEqualTo("+PONG");
            // The defaults: no snapshots, no append-only file.
            assertThat(send(port, 5, "CONFIG", "GET", "save")).isEqualTo("*2 $4 save $0");
            assertThat(send(port, 5, "CONFIG", "GET", "appendonly")).isEqualTo("*2 $10 appendonly $2 no");

            server.stop();
            assertThat(server.isRunning()).isFalse();
            assertThatThrownBy(() -> send(port, "PING")).isInstanceOf(IOException.class);

            server.start();
            assertThat(server.port()).isEqualTo(port);
            assertThat(send(port, "PING")).isEqualTo("+PONG");

            server.kill();
            server.start();
            assertThat(send(port, "PING")).isEqualTo("+PONG");
        }
    }

    @Test
    @DisplayName("extra configuration lines are applied after the defaults")
    void extraConfig() throws IOException {
        try (RedisServer server = RedisServer.builder().config("requirepass fixture-secret").start()) {
            assertThat(send(server.port(), "PING")).startsWith("-NOAUTH");
            assertThat(send(server.port(), "AUTH", "fixture-secret")).isEqualTo("+OK");
        }
    }

    @Test
    @DisplayName("a server that cannot start fails with its log")
    void badConfigFails() {
        assertThatThrownBy(() -> RedisServer.builder().config("no-such-directive yes").start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no-such-directive");
    }

    @Test
    @DisplayName("close stops the process and removes its directory")
    void closeCleansUp() {
        RedisServer server = RedisServer.startDefault();
        java.nio.file.Path dir = server.directory();
        server.close();
        assertThat(server.isRunning()).isFalse();
        assertThat(dir).doesNotExist();
    }

    /** One command over a fresh socket; the first line of the reply. */
    private static String send(int port, String... args) throws IOException {
        return send(port, 1, args);
    }

    /** One command over a fresh socket; the first {@code lines} lines of the reply, joined by spaces. */
    private static String send(int port, int lines, String... args) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(2000);
            StringBuilder command = new StringBuilder("*" + args.length + "\r\n");
            for (String arg : args) {
                command.append('$').append(arg.length()).append("\r\n").append(arg).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(command.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder reply = new StringBuilder();
            int seen = 0;
            while (seen < lines) {
                int c = in.read();
                if (c == -1) {
                    break;
                }
                if (c == '\n') {
                    seen++;
                    reply.append(' ');
                } else if (c != '\r') {
                    reply.append((char) c);
                }
            }
            return reply.toString().trim();
        }
    }
}

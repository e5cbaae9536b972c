package io.sealedsession.jedis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisConnectionException;

/** The socket check, against a plain server socket standing in for Redis's end of the connection. */
class ProbedSocketFactoryTest {

    private ServerSocket listener;
    private ProbedSocketFactory factory;

    @BeforeEach
    void listen() throws IOException {
        listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        factory = new ProbedSocketFactory("127.0.0.1", listener.getLocalPort(), 2_000, 2_000, null);
    }

    @AfterEach
    void close() throws IOException {
        listener.close();
    }

    @Test
    void peerClosedWhenNoSocketYetThenTrue() {
        assertThat(factory.peerClosed()).isTrue();
    }

    @Test
    void peerClosedWhenIdleAndOpenThenFalseAndSocketStillUsable() throws IOException {
        try (Socket client = factory.createSocket(); Socket server = listener.accept()) {
            assertThat(factory.peerClosed()).isFalse();
            assertThat(factory.peerClosed()).isFalse();

            // The check left the socket blocking and in step: a write and a read still work.
            client.getOutputStream().write('x');
            assertThat(server.getInputStream().read()).isEqualTo('x');
            server.getOutputStream().write('y');
            assertThat(client.getInputStream().read()).isEqualTo('y');
            assertThat(client.getSoTimeout()).isEqualTo(2_000);
        }
    }

    @Test
    void peerClosedWhenServerClosedThenTrue() throws Exception {
        try (Socket client = factory.createSocket()) {
            listener.accept().close();

            // The FIN crosses loopback at its own pace; the check sees it once it has arrived.
            boolean closed = factory.peerClosed();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (!closed && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(5);
                closed = factory.peerClosed();
            }
            assertThat(closed).isTrue();
        }
    }

    @Test
    void peerClosedWhenUnexpectedBytesThenTrue() throws Exception {
        try (Socket client = factory.createSocket(); Socket server = listener.accept()) {
            server.getOutputStream().write("-ERR out of step\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            awaitBytesVisible(client.getInputStream());

            assertThat(factory.peerClosed()).isTrue();
        }
    }

    @Test
    void createSocketWhenNothingListensThenConnectionException() throws IOException {
        int port = listener.getLocalPort();
        listener.close();

        assertThatThrownBy(factory::createSocket)
                .isInstanceOf(JedisConnectionException.class)
                .hasMessage("cannot connect to 127.0.0.1:" + port);
    }

    @Test
    void forNewConnectionWhenCalledThenOwnSocket() throws IOException {
        ProbedSocketFactory other = factory.forNewConnection();
        try (Socket client = factory.createSocket(); Socket server = listener.accept()) {
            assertThat(factory.peerClosed()).isFalse();
            assertThat(other.peerClosed()).isTrue();
        }
    }

    private static void awaitBytesVisible(InputStream in) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (in.available() == 0 && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }
}

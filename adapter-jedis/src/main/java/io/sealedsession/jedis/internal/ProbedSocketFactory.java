package io.sealedsession.jedis.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.JedisSocketFactory;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Opens the sockets of one Jedis connection, and tells afterwards whether the server has closed
 * the latest one without anything being sent on it.
 *
 * <p>Each socket is the blocking socket of a {@link SocketChannel}, so that {@link #peerClosed()}
 * can look at it without blocking: switched to non-blocking for one read, a connection the server
 * closed (it restarted, was killed, or dropped an idle client) reads end-of-stream, a live idle one
 * reads nothing. A plain {@code java.net.Socket} offers no such look, and a {@code PING} would cost
 * a round trip and a permission a least-privilege ACL user does not have.
 *
 * <p>With TLS, the socket is layered with the given context, the host name is verified during the
 * handshake ({@link SSLParameters#setEndpointIdentificationAlgorithm} {@code "HTTPS"}: the
 * certificate must name the host as written in the URI; an IP address must be among the
 * certificate's IP subject alternative names), and the handshake is completed before the socket is
 * handed to Jedis, so that an untrusted or mismatched certificate fails the connection attempt
 * itself rather than the first command.
 *
 * <p>One instance per connection (see {@link #forNewConnection()}); not for concurrent use, as
 * Jedis uses a connection from one thread at a time.
 */
public final class ProbedSocketFactory implements JedisSocketFactory {

    private final String host;
    private final int port;
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;
    private final @Nullable SSLContext tls;
    private final ByteBuffer probe = ByteBuffer.allocate(1);
    private volatile @Nullable SocketChannel channel;

    /**
     * @param host the host, as it must appear in the server's certificate when {@code tls} is set
     * @param readTimeoutMillis the longest wait for a reply, positive
     * @param tls the context for TLS, or null for plain TCP
     */
    public ProbedSocketFactory(String host, int port, int connectTimeoutMillis, int readTimeoutMillis, @Nullable SSLContext tls) {
        if (connectTimeoutMillis <= 0 || readTimeoutMillis <= 0) {
            // Zero would mean "wait forever" to java.net.Socket.
            throw new IllegalArgumentException("timeouts are positive, but were " + connectTimeoutMillis + " and "
                    + readTimeoutMillis + " ms");
        }
        this.host = host;
        this.port = port;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.readTimeoutMillis = readTimeoutMillis;
        this.tls = tls;
    }

    /** A factory with the same settings and no socket yet, for another connection. */
    public ProbedSocketFactory forNewConnection() {
        return new ProbedSocketFactory(host, port, connectTimeoutMillis, readTimeoutMillis, tls);
    }

    @Override
    public Socket createSocket() {
        SocketChannel connected = connect();
        Socket socket = connected.socket();
        try {
            Socket result;
            if (tls == null) {
                socket.setSoTimeout(readTimeoutMillis);
                result = socket;
            } else {
                socket.setSoTimeout(connectTimeoutMillis); // the handshake is part of connecting
                SSLSocket secured = (SSLSocket) tls.getSocketFactory().createSocket(socket, host, port, true);
                SSLParameters parameters = secured.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                secured.setSSLParameters(parameters);
                secured.startHandshake();
                secured.setSoTimeout(readTimeoutMillis);
                result = secured;
            }
            channel = connected;
            return result;
        } catch (IOException | RuntimeException e) {
            closeQuietly(connected);
            throw new JedisConnectionException((tls == null ? "setting up the connection to " : "TLS handshake with ")
                    + describe() + " failed", e);
        }
    }

    private SocketChannel connect() {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (IOException e) {
            throw new JedisConnectionException("cannot resolve " + host, e);
        }
        JedisConnectionException failure = new JedisConnectionException("cannot connect to " + describe());
        for (InetAddress address : addresses) {
            SocketChannel candidate = null;
            try {
                candidate = SocketChannel.open();
                Socket socket = candidate.socket();
                socket.setTcpNoDelay(true);
                socket.setKeepAlive(true);
                socket.connect(new InetSocketAddress(address, port), connectTimeoutMillis);
                return candidate;
            } catch (IOException e) {
                closeQuietly(candidate);
                failure.addSuppressed(e);
            }
        }
        throw failure;
    }

    /**
     * True when the latest socket is closed, or the server has closed it or sent something while
     * no command was waiting for a reply (a connection out of step is unusable too). Sends
     * nothing; does not block. Call it only while no command is in progress on the connection.
     */
    public boolean peerClosed() {
        SocketChannel current = channel;
        if (current == null || !current.isOpen() || !current.isConnected()) {
            return true;
        }
        synchronized (current.blockingLock()) {
            try {
                current.configureBlocking(false);
                try {
                    probe.clear();
                    return current.read(probe) != 0;
                } finally {
                    current.configureBlocking(true);
                }
            } catch (IOException e) {
                // Reset by the peer, or a channel that cannot return to blocking mode: unusable either way.
                return true;
            }
        }
    }

    private String describe() {
        return host + ":" + port;
    }

    private static void closeQuietly(@Nullable SocketChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing more can be done with a socket that failed to open.
        }
    }

    @Override
    public String toString() {
        return "ProbedSocketFactory[" + (tls == null ? "redis://" : "rediss://") + describe() + "]";
    }
}

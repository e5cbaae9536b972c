package io.sealedsession.tests.redis;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A bare RESP2 connection over a plain socket, for tests that must look at Redis without going
 * through any of the clients under test: what an operator or an attacker with access to the
 * server sees. Replies are {@code null}, {@link Long}, {@code byte[]}, {@link String} (status) or
 * {@link List}; an error reply is thrown as {@link IllegalStateException}. Not thread-safe.
 */
public final class RespConnection implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /**
     * Connects to a server; the connection authenticates as nobody.
     *
     * @param host the server's address
     * @param port its plaintext port
     */
    public RespConnection(String host, int port) {
        try {
            socket = new Socket();
            socket.connect(new InetSocketAddress(host, port), 2_000);
            socket.setSoTimeout(10_000);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to " + host + ":" + port, e);
        }
    }

    /** Connects to the server's plain port as the default user. */
    public static RespConnection to(RedisServer server) {
        return new RespConnection(server.host(), server.port());
    }

    /** Sends one command and reads its reply. Arguments are strings or byte arrays. */
    public @Nullable Object call(Object... arguments) {
        try {
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.write(("*" + arguments.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            for (Object argument : arguments) {
                byte[] bytes = argument instanceof byte[] b ? b : String.valueOf(argument).getBytes(StandardCharsets.UTF_8);
                request.write(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                request.write(bytes);
                request.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write(request.toByteArray());
            out.flush();
            return read();
        } catch (IOException e) {
            throw new UncheckedIOException("Redis connection failed", e);
        }
    }

    /** A command whose reply is text (a status or a bulk string), as a string; null stays null. */
    public @Nullable String callString(Object... arguments) {
        Object reply = call(arguments);
        return reply instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : (String) reply;
    }

    /** {@code INFO section} as field to value, without the section headers. */
    public java.util.Map<String, String> info(String section) {
        java.util.Map<String, String> fields = new java.util.LinkedHashMap<>();
        for (String line : java.util.Objects.requireNonNull(callString("INFO", section)).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                fields.put(line.substring(0, colon), line.substring(colon + 1));
            }
        }
        return fields;
    }

    /** Sends a command whose reply is an integer, and returns it. */
    public long callLong(Object... arguments) {
        return (Long) java.util.Objects.requireNonNull(call(arguments));
    }

    /** Every key matching {@code pattern}, found with SCAN. */
    public List<String> scan(String pattern) {
        List<String> keys = new ArrayList<>();
        String cursor = "0";
        do {
            List<?> reply = (List<?>) call("SCAN", cursor, "MATCH", pattern, "COUNT", "1000");
            cursor = new String((byte[]) reply.get(0), StandardCharsets.US_ASCII);
            for (Object key : (List<?>) reply.get(1)) {
                keys.add(new String((byte[]) key, StandardCharsets.UTF_8));
            }
        } while (!cursor.equals("0"));
        return keys;
    }

    private @Nullable Object read() throws IOException {
        int type = in.read();
        String line = readLine();
        switch (type) {
            case '+':
                return line;
            case '-':
                throw new IllegalStateException("Redis replied with an error: " + line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return null;
                }
                byte[] bytes = in.readNBytes(length);
                readLine();
                return bytes;
            }
            case '*': {
                int count = Integer.parseInt(line);
                if (count < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    items.add(read());
                }
                return items;
            }
            default:
                throw new IOException("unexpected RESP type byte " + type);
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\r') {
            if (b < 0) {
                throw new IOException("connection closed by Redis");
            }
            line.write(b);
        }
        in.read(); // '\n'
        return line.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Nothing left to release.
        }
    }
}

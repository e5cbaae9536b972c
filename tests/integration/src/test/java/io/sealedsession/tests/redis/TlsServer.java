package io.sealedsession.tests.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A redis-server with a TLS port that requires client certificates, and the certificates it uses,
 * made at run time in a directory of their own that {@link #close()} deletes.
 */
public final class TlsServer implements AutoCloseable {

    private final Path directory;
    private final TlsMaterial tls;
    private final RedisServer server;

    private TlsServer(Path directory, TlsMaterial tls, RedisServer server) {
        this.directory = directory;
        this.tls = tls;
        this.server = server;
    }

    /** Makes the certificates and starts the server. */
    public static TlsServer start() {
        TestData.quietLogs();
        try {
            Path directory = Files.createTempDirectory("sealed-sessions-tls-");
            TlsMaterial tls = TlsMaterial.generate(directory);
            return new TlsServer(directory, tls,
                    RedisServer.builder().tlsPort().config(tls.serverConfig().toArray(String[]::new)).start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a directory for the TLS material", e);
        }
    }

    /** The server. */
    public RedisServer server() {
        return server;
    }

    /** The certificates the server uses, and a client certificate it accepts. */
    public TlsMaterial tls() {
        return tls;
    }

    /** Stops the server and deletes the certificates. */
    @Override
    public void close() {
        server.close();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + directory, e);
        }
    }
}

package io.sealedsession.tests.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates made at test time for TLS tests: a throw-away certificate authority, a server
 * certificate for the host name {@code localhost} only (so that connecting to {@code 127.0.0.1}
 * fails host-name verification), a client certificate for mutual TLS, and the PKCS12 stores a
 * Java client reads. Everything is valid for two days and lives in the given directory.
 *
 * <p>Made with the {@code openssl} and {@code keytool} command-line tools ({@code keytool} comes
 * with the JDK); without {@code openssl} on the {@code PATH}, {@link #generate} fails and says how
 * to install it.
 *
 * @param caCertificate PEM, for {@code tls-ca-cert-file}
 * @param serverCertificate PEM, for {@code tls-cert-file}; subject alternative name {@code DNS:localhost}
 * @param serverKey PEM, for {@code tls-key-file}
 * @param trustStore PKCS12 holding the CA certificate
 * @param clientKeyStore PKCS12 holding the client certificate and key
 * @param storePassword the password of both PKCS12 stores
 */
public record TlsMaterial(Path caCertificate, Path serverCertificate, Path serverKey, Path trustStore,
        Path clientKeyStore, String storePassword) {

    /** Makes fresh material in {@code directory}. */
    public static TlsMaterial generate(Path directory) {
        return generate(directory, false);
    }

    /**
     * Makes fresh material in {@code directory}. For a deployment of several servers
     * ({@code forDeployment}: a Cluster, a replica set behind Sentinel) the server certificate also
     * names {@code IP:127.0.0.1}, since such deployments announce their nodes by address and clients
     * verify the address they were told, and it may also serve as a client certificate
     * ({@code clientAuth}), since the servers connect to each other with it (replication, the
     * Cluster bus, Sentinels).
     */
    public static TlsMaterial generate(Path directory, boolean forDeployment) {
        String password = "store-" + Long.toHexString(System.nanoTime());
        Path ca = directory.resolve("ca.crt");
        Path caKey = directory.resolve("ca.key");
        Path server = directory.resolve("server.crt");
        Path serverKey = directory.resolve("server.key");
        Path client = directory.resolve("client.crt");
        Path clientKey = directory.resolve("client.key");
        Path trust = directory.resolve("trust.p12");
        Path keyStore = directory.resolve("client.p12");
        try {
            Files.createDirectories(directory);
            Path serverExt = Files.writeString(directory.resolve("server.ext"), forDeployment
                    ? "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n"
                    : "subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\n", StandardCharsets.US_ASCII);
            Path clientExt = Files.writeString(directory.resolve("client.ext"),
                    "extendedKeyUsage=clientAuth\n", StandardCharsets.US_ASCII);
            run(directory, openssl(), "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", caKey.toString(), "-out", ca.toString(), "-days", "2", "-subj", "/CN=sealed-sessions-test-ca");
            issue(directory, "localhost", serverKey, server, serverExt, ca, caKey);
            issue(directory, "sealed-sessions-test-client", clientKey, client, clientExt, ca, caKey);
            run(directory, keytool(), "-importcert", "-noprompt", "-alias", "ca", "-file", ca.toString(),
                    "-keystore", trust.toString(), "-storetype", "PKCS12", "-storepass", password);
            run(directory, openssl(), "pkcs12", "-export", "-in", client.toString(), "-inkey", clientKey.toString(),
                    "-out", keyStore.toString(), "-passout", "pass:" + password);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write TLS material to " + directory, e);
        }
        return new TlsMaterial(ca, server, serverKey, trust, keyStore, password);
    }

    /**
     * Makes fresh material in a new temporary directory that is deleted when the JVM exits: for
     * material shared by every test of a run.
     */
    public static TlsMaterial generateTemporary(String prefix, boolean forDeployment) {
        Path directory;
        try {
            directory = Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for TLS material", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (java.util.stream.Stream<Path> files = Files.walk(directory)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // A leftover temporary directory is harmless.
            }
        }, "tls-material-cleanup"));
        return generate(directory, forDeployment);
    }

    /** The {@code redis.conf} lines for a TLS port with these certificates that requires client certificates. */
    public List<String> serverConfig() {
        return List.of(
                "tls-cert-file \"" + serverCertificate + "\"",
                "tls-key-file \"" + serverKey + "\"",
                "tls-ca-cert-file \"" + caCertificate + "\"",
                "tls-auth-clients yes");
    }

    private static void issue(Path dir, String commonName, Path key, Path certificate, Path extensions, Path ca, Path caKey) {
        Path csr = dir.resolve(commonName + ".csr");
        run(dir, openssl(), "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", key.toString(), "-out", csr.toString(), "-subj", "/CN=" + commonName);
        run(dir, openssl(), "x509", "-req", "-in", csr.toString(), "-CA", ca.toString(), "-CAkey", caKey.toString(),
                "-CAcreateserial", "-out", certificate.toString(), "-days", "2", "-extfile", extensions.toString());
    }

    private static String openssl() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "openssl"))) {
                return Path.of(dir, "openssl").toString();
            }
        }
        throw new IllegalStateException("no openssl on the PATH: TLS tests make their certificates with it. Install it "
                + "(Debian/Ubuntu: sudo apt-get install openssl; macOS: brew install openssl)");
    }

    private static String keytool() {
        return Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    }

    private static void run(Path dir, String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        try {
            Process process = new ProcessBuilder(args).directory(dir.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", args.subList(0, 2)) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + args.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + args.get(0), e);
        }
    }
}

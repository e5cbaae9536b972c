package io.sealedsession.tests.redis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The server programs the fixtures start: {@link #REDIS} ({@code redis-server} 7.0 or later) and
 * {@link #VALKEY} ({@code valkey-server} 8), which speaks the same protocol, reads the same
 * configuration and runs the same Cluster and Sentinel modes.
 *
 * <p>Each is found through its own environment variable when set ({@code REDIS_SERVER},
 * {@code VALKEY_SERVER}), otherwise by its binary's name on the {@code PATH}. A missing binary
 * makes {@link RedisServer.Builder#start()} fail and say how to install it: tests never skip
 * silently.
 */
public enum ServerImplementation {
    /** {@code redis-server}, found through {@code $REDIS_SERVER} or the {@code PATH}. */
    REDIS("redis-server", "REDIS_SERVER", "sudo apt-get install redis-server; macOS: brew install redis",
            "a redis-server 7.0 or later"),
    /** {@code valkey-server}, found through {@code $VALKEY_SERVER} or the {@code PATH}. */
    VALKEY("valkey-server", "VALKEY_SERVER",
            "sudo apt-get install -t bookworm-backports valkey-server; macOS: brew install valkey",
            "a valkey-server 8.0 or later");

    private final String binaryName;
    private final String variable;
    private final String installHint;
    private final String wanted;

    ServerImplementation(String binaryName, String variable, String installHint, String wanted) {
        this.binaryName = binaryName;
        this.variable = variable;
        this.installHint = installHint;
        this.wanted = wanted;
    }

    /** The binary's name on the {@code PATH}, such as {@code redis-server}. */
    public String binaryName() {
        return binaryName;
    }

    /** The environment variable that names the binary's path, such as {@code REDIS_SERVER}. */
    public String variable() {
        return variable;
    }

    /** The lower-case name used in test names and the compatibility table: {@code redis}, {@code valkey}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The binary: {@code $VARIABLE} when set, else the binary's name on the {@code PATH}.
     *
     * @throws IllegalStateException when there is none, with how to install one
     */
    public Path binary() {
        return find().orElseThrow(() -> new IllegalStateException("no " + binaryName + " binary: these tests start real "
                + label() + " servers. Install one (Debian/Ubuntu: " + installHint + ") or set " + variable
                + " to the path of " + wanted));
    }

    /** The binary, when one is configured or on the {@code PATH}. */
    public Optional<Path> find() {
        String configured = System.getenv(variable);
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            if (!Files.isExecutable(path)) {
                throw new IllegalStateException(variable + " is " + configured + ", which is not an executable file");
            }
            return Optional.of(path);
        }
        String pathVariable = Objects.requireNonNullElse(System.getenv("PATH"), "");
        for (String dir : pathVariable.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, binaryName);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return label();
    }
}

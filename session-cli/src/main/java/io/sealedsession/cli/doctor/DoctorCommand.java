package io.sealedsession.cli.doctor;

import io.sealedsession.cli.CliEnvironment;
import io.sealedsession.cli.ExitCodes;
import io.sealedsession.cli.RedisClients;
import io.sealedsession.core.SessionStoreUnavailableException;
import io.sealedsession.redis.RedisAddress;
import io.sealedsession.redis.RedisCommandExecutor;
import io.sealedsession.redis.RedisCredentials;
import io.sealedsession.redis.RedisSessionStores;
import io.sealedsession.redis.RedisStoreConfig;
import io.sealedsession.redis.RedisTopology;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code session-cli doctor URI}: audits a live Redis for sealed sessions and prints every finding
 * with its severity, why it matters and how to fix it, as a table or ({@code --json}) as a JSON
 * array.
 *
 * <p>Exit codes: 0 when nothing is {@link Severity#CRITICAL}, {@value #CRITICAL_FOUND} when
 * something is, {@link ExitCodes#FAILED} when Redis could not be reached or refused the login.
 * picocli's usage errors are 2 as well, as for every command of the CLI; they print the usage to
 * stderr and no report, so the two are told apart by the output.
 *
 * <p>Passwords come from the URI, {@code --password} or {@code $SEALEDSESSION_REDIS_PASSWORD}
 * (which keeps them out of the process list) and are never printed: the report shows the URI
 * without its credentials.
 */
@Command(name = "doctor",
        description = {
            "Audit a live Redis for sealed sessions: the default user, users without a password, the application"
                    + " user's rights (keys beyond the namespace, dangerous commands), protected mode,"
                    + " TLS (also for replication and the cluster bus), DEBUG and MODULE, persistence, the eviction"
                    + " policy, MONITOR clients, the server version against the patched release of its line, and the"
                    + " keys under the namespace (TTL, sealed values).",
            "Each finding has a severity (CRITICAL, WARNING, UNKNOWN when a check could not run, INFO, OK), why it"
                    + " matters and how to fix it. Commands the user may not run make their check UNKNOWN.",
            ""
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            " 0:no finding is CRITICAL",
            " 1:could not run: Redis could not be reached, refused the login, or a trust or key store failed",
            " 2:at least one finding is CRITICAL (the report says which); also a usage error (unknown option,"
                    + " missing or malformed value), which prints the usage instead of a report"
        })
public final class DoctorCommand implements Callable<Integer> {

    /** The exit code when at least one finding is critical. */
    public static final int CRITICAL_FOUND = 2;

    /** The environment variable read for the password when {@code --password} is absent. */
    public static final String PASSWORD_VARIABLE = "SEALEDSESSION_REDIS_PASSWORD";

    private final CliEnvironment environment;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "URI",
            description = "The Redis to audit: rediss://[user:password@]host:port[/db], or redis:// without TLS."
                    + " On a Cluster or behind Sentinel, give each node's own URI: doctor audits the node it talks to.")
    private String uri;

    @Option(names = "--client", paramLabel = "NAME",
            description = "Redis client adapter: lettuce, jedis or redisson. Default: the one in the jar; with several,"
                    + " lettuce.")
    private @Nullable String client;

    @Option(names = "--user", paramLabel = "NAME",
            description = "ACL user to log in as (instead of the URI's); needs a password.")
    private @Nullable String user;

    @Option(names = "--password", paramLabel = "PASSWORD", showDefaultValue = Help.Visibility.NEVER,
            description = "Password (instead of the URI's). Visible to other local users in the process list; prefer $"
                    + PASSWORD_VARIABLE + ".")
    private @Nullable String password;

    @Option(names = "--truststore", paramLabel = "FILE",
            description = "Certificates to trust for rediss:// (PKCS12 or JKS). Default: the JVM's.")
    private @Nullable Path trustStore;

    @Option(names = "--truststore-password", paramLabel = "PASSWORD", showDefaultValue = Help.Visibility.NEVER,
            description = "Password of --truststore.")
    private @Nullable String trustStorePassword;

    @Option(names = "--keystore", paramLabel = "FILE",
            description = "Client certificate and key for mutual TLS (PKCS12 or JKS).")
    private @Nullable Path keyStore;

    @Option(names = "--keystore-password", paramLabel = "PASSWORD", showDefaultValue = Help.Visibility.NEVER,
            description = "Password of --keystore.")
    private @Nullable String keyStorePassword;

    @Option(names = "--keystore-type", paramLabel = "TYPE", defaultValue = "PKCS12",
            description = "Type of both stores.")
    private String keyStoreType;

    @Option(names = "--namespace", paramLabel = "NAME", defaultValue = "ss",
            description = "The sessions' key prefix, whose keys are examined.")
    private String namespace;

    @Option(names = "--app-user", paramLabel = "NAME",
            description = "The application's ACL user, whose rights are audited. Default: the user doctor connects as.")
    private @Nullable String appUser;

    @Option(names = "--max-keys", paramLabel = "N", defaultValue = "10000",
            description = "Examine at most this many keys under the namespace.")
    private int maxKeys;

    @Option(names = "--allow-plaintext",
            description = "Allow redis:// to a host that is not loopback; the password then crosses the network in"
                    + " clear. The tls check reports such a server as CRITICAL anyway.")
    private boolean allowPlaintext;

    @Option(names = "--expiry-watcher",
            description = "The application runs the expiry watcher: check that Redis reports expired keys"
                    + " (notify-keyspace-events).")
    private boolean expiryWatcher;

    @Option(names = "--json", description = "Print the findings as a JSON array instead of a table.")
    private boolean json;

    DoctorCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        String chosen;
        RedisStoreConfig config;
        try {
            chosen = RedisClients.choose(client);
            config = config(chosen);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Target target = target(config);

        List<Finding> findings;
        try (RedisCommandExecutor executor = open(config, chosen)) {
            findings = new Doctor().run(new Audit(new ServerProbe(executor), target));
        } catch (ServerProbe.NotLoggedIn e) {
            throw new IllegalStateException("cannot audit Redis at " + config.redactedUri() + ": " + e.getMessage()
                    + "; give the user and password in the URI, with --user and --password, or in $" + PASSWORD_VARIABLE, e);
        } catch (SessionStoreUnavailableException e) {
            throw new IllegalStateException("lost Redis at " + config.redactedUri() + " during the checks: " + e.getMessage(), e);
        }

        boolean critical = findings.stream().anyMatch(f -> f.severity() == Severity.CRITICAL);
        if (json) {
            out.println(Report.json(findings));
        } else {
            Report.table(out, "Sealed Sessions doctor: " + config.redactedUri() + " via " + chosen + ", namespace "
                    + namespace, findings);
            out.println(critical ? "Exit code " + CRITICAL_FOUND + ": at least one finding is CRITICAL."
                    : "Exit code 0: no finding is CRITICAL.");
        }
        out.flush();
        return critical ? CRITICAL_FOUND : ExitCodes.OK;
    }

    private RedisStoreConfig config(String chosen) {
        if (maxKeys < 1 || maxKeys > 1_000_000) {
            throw new IllegalArgumentException("--max-keys is between 1 and 1000000, but was " + maxKeys);
        }
        char[] secret = password != null ? password.toCharArray()
                : environment.variable(PASSWORD_VARIABLE).map(String::toCharArray).orElse(null);
        if (user != null && secret == null) {
            throw new IllegalArgumentException("--user needs a password: --password or $" + PASSWORD_VARIABLE);
        }
        RedisStoreConfig.Builder builder = RedisStoreConfig.custom()
                .uri(uri)
                .client(chosen)
                .namespace(namespace)
                // CLIENT LIST and SCAN pages on a busy server take longer than a session command.
                .commandTimeout(Duration.ofSeconds(5))
                .allowPlaintextToRemoteHost(allowPlaintext)
                .keyStoreType(keyStoreType);
        if (secret != null) {
            builder.credentials(user, secret);
        }
        if (trustStore != null) {
            builder.trustStore(trustStore, trustStorePassword == null ? null : trustStorePassword.toCharArray());
        } else if (trustStorePassword != null) {
            throw new IllegalArgumentException("--truststore-password needs --truststore");
        }
        if (keyStore != null) {
            builder.keyStore(keyStore, keyStorePassword == null ? null : keyStorePassword.toCharArray());
        } else if (keyStorePassword != null) {
            throw new IllegalArgumentException("--keystore-password needs --keystore");
        }
        return builder.build();
    }

    /**
     * What the checks need to know about the connection itself. A Cluster or Sentinel URI names
     * several hosts; one that is not loopback is the one that matters for plaintext.
     */
    private Target target(RedisStoreConfig config) {
        RedisTopology topology = config.topology();
        RedisAddress host = topology.addresses().stream().filter(a -> !a.isLoopback()).findFirst()
                .orElse(topology.addresses().get(0));
        Optional<RedisCredentials> credentials = config.credentials();
        return new Target(namespace, maxKeys, topology.tls(), topology.scheme(), host.host(),
                credentials.flatMap(RedisCredentials::username).orElse(null), credentials.isPresent(), appUser, expiryWatcher);
    }

    private static RedisCommandExecutor open(RedisStoreConfig config, String chosen) {
        try {
            return RedisSessionStores.openExecutor(config);
        } catch (SessionStoreUnavailableException | IllegalArgumentException e) {
            String hint = String.valueOf(e.getMessage()).contains("plaintext redis://")
                    ? " To audit it anyway, add --allow-plaintext." : "";
            String refusal = serverRefusal(e);
            throw new IllegalStateException("cannot connect to Redis at " + config.redactedUri() + " with " + chosen + ": "
                    + e.getMessage() + (refusal == null ? "" : " (the server answered " + refusal + ")") + hint, e);
        }
    }

    /**
     * The error code of a server reply found among the causes, such as {@code NOAUTH} or
     * {@code WRONGPASS}: some clients report a login the server refused as a connection that
     * failed, which sends the user looking at the network. Only the code is taken, never the rest
     * of a message.
     */
    private static @Nullable String serverRefusal(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && message.matches("(NOAUTH|WRONGPASS|NOPERM)\\b.*")) {
                return message.split("\\s", 2)[0];
            }
        }
        return null;
    }
}

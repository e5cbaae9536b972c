package io.sealedsession.cli.serve;

import io.sealedsession.cli.CliEnvironment;
import io.sealedsession.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * {@code session-cli serve} started in this JVM exactly as the command line starts it (the same
 * parsing, the same {@link ServeCommand#start()}), on a free port, with its output captured.
 */
final class RunningApp implements AutoCloseable {

    static final String ALICE_PASSWORD = "alice-password-1";
    static final String BOB_PASSWORD = "bob-password-2";

    private final ReferenceServer server;
    private final StringWriter out;
    private final StringWriter err;

    private RunningApp(ReferenceServer server, StringWriter out, StringWriter err) {
        this.server = server;
        this.out = out;
        this.err = err;
    }

    /** {@code serve --port 0 --user alice:... --user bob:...} plus {@code extra}. */
    static RunningApp withUsers(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("--user", "alice:" + ALICE_PASSWORD, "--user", "bob:" + BOB_PASSWORD));
        args.addAll(List.of(extra));
        return start(Map.of(), args.toArray(String[]::new));
    }

    /** {@code serve --port 0} plus {@code args}, in the given environment. */
    static RunningApp start(Map<String, String> environment, String... args) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine(CliEnvironment.of(environment), new PrintWriter(out, true), new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of("serve", "--port", "0"));
        all.addAll(List.of(args));
        CommandLine.ParseResult parsed = cli.parseArgs(all.toArray(String[]::new));
        ServeCommand serve = parsed.subcommand().commandSpec().commandLine().getCommand();
        return new RunningApp(serve.start(), out, err);
    }

    URI uri() {
        return server.uri();
    }

    ApiClient client(String userAgent) {
        return new ApiClient(uri(), userAgent);
    }

    /** How many passwords the app has hashed to check them so far. */
    long passwordChecks() {
        return server.users().passwordChecks();
    }

    /** How many records the in-memory store holds now, expired ones not yet swept included. */
    int heldSessions() {
        return ((io.sealedsession.core.memory.InMemorySessionStore) server.sessionStore()).size();
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }

    @Override
    public void close() {
        server.close();
    }
}

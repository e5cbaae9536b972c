package io.sealedsession.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The entry point of the executable jar ({@code java -jar session-cli.jar}).
 *
 * <p>Exit codes ({@link ExitCodes}): 0 done, 1 could not run (a file, a keyring, Redis or the port
 * failed; the message says which, without a stack trace), 2 usage error (picocli's own code for a
 * command line it cannot parse, also used by commands for options that contradict each other).
 */
public final class Main {

    private Main() {}

    /** Runs the command line and exits the JVM with its exit code. */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = run(args, CliEnvironment.system(), out, err);
        out.flush();
        err.flush();
        // Client libraries keep non-daemon threads; the exit code must not wait for them.
        System.exit(code);
    }

    /**
     * Runs a command line in this JVM and returns its exit code instead of exiting.
     *
     * @param environment where {@code SEALEDSESSION_KEK_FILE} and friends are read from
     * @param out where commands print their results
     * @param err where commands print warnings and errors
     */
    public static int run(String[] args, CliEnvironment environment, PrintWriter out, PrintWriter err) {
        return commandLine(environment, out, err).execute(args);
    }

    /**
     * The command tree, ready to {@code execute}: every command with the shared exit-code list in
     * its help, errors printed as one line, and commands that take a {@link CliEnvironment} in
     * their constructor given {@code environment}.
     */
    public static CommandLine commandLine(CliEnvironment environment, PrintWriter out, PrintWriter err) {
        Objects.requireNonNull(environment, "environment");
        CommandLine commandLine = new CommandLine(SessionCli.class, new EnvironmentFactory(environment));
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler(new OneLineErrors());
        documentExitCodes(commandLine);
        return commandLine;
    }

    private static void documentExitCodes(CommandLine commandLine) {
        CommandSpec spec = commandLine.getCommandSpec();
        if (spec.usageMessage().exitCodeList().isEmpty()) {
            spec.usageMessage().exitCodeListHeading("%nExit codes:%n");
            spec.usageMessage().exitCodeList(ExitCodes.descriptions());
        }
        commandLine.getSubcommands().values().forEach(Main::documentExitCodes);
    }

    /**
     * A failure while a command runs is something the user can act on (a file, a key, Redis), so
     * it is printed as one line without a stack trace, and the exit code is {@link ExitCodes#FAILED}.
     */
    private static final class OneLineErrors implements IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
            String message = e.getMessage();
            commandLine.getErr().println(commandLine.getCommandSpec().qualifiedName() + ": error: "
                    + (message == null || message.isBlank() ? e.getClass().getSimpleName() : message));
            commandLine.getErr().flush();
            return ExitCodes.FAILED;
        }
    }

    /** Gives commands that ask for it in their constructor the {@link CliEnvironment}; others are built as picocli does. */
    private static final class EnvironmentFactory implements IFactory {
        private final CliEnvironment environment;

        EnvironmentFactory(CliEnvironment environment) {
            this.environment = environment;
        }

        @Override
        public <K> K create(Class<K> type) throws Exception {
            Constructor<K> constructor;
            try {
                constructor = type.getDeclaredConstructor(CliEnvironment.class);
            } catch (NoSuchMethodException noEnvironment) {
                return CommandLine.defaultFactory().create(type);
            }
            constructor.setAccessible(true);
            return constructor.newInstance(environment);
        }
    }
}

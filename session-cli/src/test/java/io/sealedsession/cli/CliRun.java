package io.sealedsession.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/**
 * One run of the command line in this JVM, as {@code java -jar session-cli.jar ARGS} would run
 * it, with its exit code and both output streams.
 *
 * @param exitCode what the process would exit with
 * @param out standard output
 * @param err standard error
 */
public record CliRun(int exitCode, String out, String err) {

    /** Runs {@code args} with an empty environment. */
    public static CliRun of(String... args) {
        return in(Map.of(), args);
    }

    /** Runs {@code args} with exactly these environment variables. */
    public static CliRun in(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, CliEnvironment.of(environment), new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(code, out.toString(), err.toString());
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out:\n" + out + "--- err:\n" + err;
    }
}

package io.sealedsession.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exit codes every {@code session-cli} command shares. A command with codes of its own (such
 * as one that reports findings) declares its own list in its {@code @Command} annotation, and
 * {@link Main} leaves that list alone.
 */
public final class ExitCodes {

    /** The command did what it was asked. */
    public static final int OK = 0;

    /**
     * The command could not run: a file could not be read or written, a keyring did not decrypt,
     * Redis could not be reached, the port was taken.
     */
    public static final int FAILED = 1;

    /** The command line was wrong: an unknown option, a missing or malformed value, options that contradict each other. */
    public static final int USAGE = 2;

    private ExitCodes() {}

    /** The list shown under "Exit codes:" in every command's help. */
    static Map<String, String> descriptions() {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put(" " + OK, "done");
        codes.put(" " + FAILED, "could not run: a file, a keyring, Redis or the port failed (the message says which)");
        codes.put(" " + USAGE, "usage error: unknown option, missing or malformed value, contradicting options");
        return codes;
    }
}

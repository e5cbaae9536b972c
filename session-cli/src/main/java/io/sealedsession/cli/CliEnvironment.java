package io.sealedsession.cli;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What a command may read from the process environment, passed in rather than read from
 * {@link System#getenv} directly so that tests can give each run an environment of its own.
 * Immutable and thread-safe.
 */
public final class CliEnvironment {

    /** The environment variable that names the key-encryption keyset file when {@code --kek} is absent. */
    public static final String KEK_FILE_VARIABLE = "SEALEDSESSION_KEK_FILE";

    private final Function<String, @Nullable String> variables;

    private CliEnvironment(Function<String, @Nullable String> variables) {
        this.variables = variables;
    }

    /** The real process environment. */
    public static CliEnvironment system() {
        return new CliEnvironment(System::getenv);
    }

    /** An environment holding exactly these variables. */
    public static CliEnvironment of(Map<String, String> variables) {
        Map<String, String> copy = Map.copyOf(variables);
        return new CliEnvironment(copy::get);
    }

    /** The variable's value, empty when it is unset or blank. */
    public Optional<String> variable(String name) {
        Objects.requireNonNull(name, "name");
        String value = variables.apply(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }
}

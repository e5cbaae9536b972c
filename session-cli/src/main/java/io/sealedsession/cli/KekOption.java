package io.sealedsession.cli;

import io.sealedsession.crypto.KeyEncryptionKey;
import java.nio.file.Path;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The {@code --kek FILE} option shared by the commands that read or write an encrypted keyring:
 * the key-encryption keyset file, or when the option is absent the file named by the environment
 * variable {@value CliEnvironment#KEK_FILE_VARIABLE}. The variable exists so that the path need
 * not appear in shell history or process listings next to the keyring's.
 *
 * <p>Use it as a {@code @Mixin}; picocli creates it through {@link Main}'s factory, which passes
 * the {@link CliEnvironment}.
 */
public final class KekOption {

    private final CliEnvironment environment;

    @Option(names = "--kek", paramLabel = "FILE",
            description = "Key-encryption keyset file (a Tink AEAD keyset, made by 'keyset generate-kek')."
                    + " Default: the file named by $" + CliEnvironment.KEK_FILE_VARIABLE + ".")
    private @Nullable Path file;

    KekOption(CliEnvironment environment) {
        this.environment = environment;
    }

    /** Whether {@code --kek} itself was given (not the environment variable). */
    public boolean givenAsOption() {
        return file != null;
    }

    /** The key-encryption keyset file: {@code --kek}, else the environment variable, else empty. */
    public Optional<Path> file() {
        if (file != null) {
            return Optional.of(file);
        }
        return environment.variable(CliEnvironment.KEK_FILE_VARIABLE).map(Path::of);
    }

    /**
     * Reads the key-encryption key, if one is configured.
     *
     * @throws io.sealedsession.crypto.KeysetException when the file cannot be read or holds no usable keyset
     */
    public Optional<KeyEncryptionKey> load() {
        return file().map(KeyEncryptionKey::fromKeysetFile);
    }
}

package io.sealedsession.cli.keyset;

import io.sealedsession.cli.KekOption;
import io.sealedsession.crypto.KeyEncryptionKey;
import io.sealedsession.crypto.KeyFilePolicy;
import io.sealedsession.crypto.KeyInfo;
import io.sealedsession.crypto.SessionKeyring;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * What every command on one keyring file shares: the file, and how it is protected, either
 * encrypted under the key-encryption key ({@code --kek} or {@code $SEALEDSESSION_KEK_FILE}) or in
 * clear with {@code --insecure-cleartext}. Naming neither, or giving both {@code --kek} and
 * {@code --insecure-cleartext}, is a usage error: the protection of a keyring is never guessed.
 */
abstract class KeyringFileCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The keyring file.")
    Path file;

    @Mixin
    KekOption kek;

    @Option(names = "--insecure-cleartext",
            description = "The keyring file is (or is to be) in clear: whoever reads it can read and forge every"
                    + " session. For development only.")
    boolean insecureCleartext;

    @Option(names = "--insecure-allow-writable-key-files",
            description = "Load a keyring or key-encryption keyset file that users other than its owner can write"
                    + " (refused without this option: they could replace the keys and forge sessions). Insecure;"
                    + " restrict the file with chmod 600 instead wherever possible.")
    boolean insecureAllowWritable;

    /** How the keyring file is read and written, decided once from the options. */
    private @Nullable Protection protection;

    /**
     * Reads the keyring file with the chosen protection, after warning on stderr about a keyring
     * or key-encryption keyset file that users other than its owner may use (the library logs
     * the same and refuses a file they can write, unless {@code --insecure-allow-writable-key-files}).
     */
    final SessionKeyring load() {
        Protection chosen = protection();
        warnIfExposed(file, "keyring");
        return chosen.load(file, policy());
    }

    /** The permission policy the options ask for. */
    final KeyFilePolicy policy() {
        return insecureAllowWritable ? KeyFilePolicy.INSECURE_ALLOW_WRITABLE_BY_OTHERS : KeyFilePolicy.REFUSE_WRITABLE_BY_OTHERS;
    }

    private void warnIfExposed(Path keyFile, String what) {
        KeyFilePolicy.exposure(keyFile).ifPresent(permissions -> spec.commandLine().getErr().println("WARNING: " + what
                + " file " + keyFile + " has permissions " + permissions + ": users other than its owner may use it."
                + (permissions.charAt(4) == 'w' || permissions.charAt(7) == 'w'
                        ? (insecureAllowWritable ? " They can WRITE it and could replace its keys; loaded only because of"
                                + " --insecure-allow-writable-key-files." : " They can WRITE it, so it is refused.")
                        : "") + " Restrict it: chmod 600 " + keyFile));
    }

    /** Writes the keyring file (atomically, owner-only) with the chosen protection. */
    final void write(SessionKeyring keyring) {
        protection().write(keyring, file);
    }

    /** A short description of the file's protection, for output. */
    final String protectionName() {
        return protection().description();
    }

    final PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Prints the sealing keys as {@code show} does: id (unsigned), status, primary; no material. */
    final void printKeys(SessionKeyring keyring) {
        PrintWriter out = out();
        out.printf("  %-12s %-10s %s%n", "KEY ID", "STATUS", "PRIMARY");
        for (KeyInfo key : keyring.aeadKeys()) {
            out.printf("  %-12s %-10s %s%n", Integer.toUnsignedString(key.id()), key.status(), key.primary() ? "primary" : "");
        }
    }

    private Protection protection() {
        Protection chosen = protection;
        if (chosen == null) {
            chosen = choose();
            protection = chosen;
        }
        return chosen;
    }

    private Protection choose() {
        if (insecureCleartext) {
            if (kek.givenAsOption()) {
                throw new ParameterException(spec.commandLine(),
                        "--kek and --insecure-cleartext contradict each other: a keyring is either encrypted under a"
                                + " key-encryption key or in clear");
            }
            spec.commandLine().getErr().println("WARNING: " + file + " is an INSECURE CLEARTEXT keyring: whoever reads it"
                    + " can read and forge every session. Use a key-encryption key (--kek) outside development.");
            return new Cleartext();
        }
        Optional<Path> kekFile = kek.file();
        if (kekFile.isEmpty()) {
            throw new ParameterException(spec.commandLine(),
                    "a keyring is encrypted under a key-encryption key: give --kek FILE or set SEALEDSESSION_KEK_FILE"
                            + " (create one with 'session-cli keyset generate-kek FILE'); for a cleartext keyring in"
                            + " development, say --insecure-cleartext");
        }
        warnIfExposed(kekFile.get(), "key-encryption keyset");
        return new Encrypted(KeyEncryptionKey.fromKeysetFile(kekFile.get(), policy()), kekFile.get());
    }

    private interface Protection {
        SessionKeyring load(Path file, KeyFilePolicy policy);

        void write(SessionKeyring keyring, Path file);

        String description();
    }

    private record Encrypted(KeyEncryptionKey key, Path kekFile) implements Protection {
        @Override
        public SessionKeyring load(Path file, KeyFilePolicy policy) {
            return SessionKeyring.load(file, key, policy);
        }

        @Override
        public void write(SessionKeyring keyring, Path file) {
            keyring.write(file, key);
        }

        @Override
        public String description() {
            return "encrypted under the key-encryption keyset " + kekFile;
        }
    }

    private record Cleartext() implements Protection {
        @Override
        public SessionKeyring load(Path file, KeyFilePolicy policy) {
            return SessionKeyring.loadInsecureCleartext(file, policy);
        }

        @Override
        public void write(SessionKeyring keyring, Path file) {
            keyring.writeInsecureCleartext(file);
        }

        @Override
        public String description() {
            return "INSECURE CLEARTEXT";
        }
    }
}

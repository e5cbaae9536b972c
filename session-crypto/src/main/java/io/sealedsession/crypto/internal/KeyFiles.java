package io.sealedsession.crypto.internal;

import io.sealedsession.crypto.KeyFilePolicy;
import io.sealedsession.crypto.KeysetException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reading and writing files that hold keys: bounded reads, owner-only writes, the D4 warning and the H5 refusal. */
public final class KeyFiles {

    private static final Logger LOG = LoggerFactory.getLogger(KeyFiles.class);

    /** Far above any real keyring (a few KiB); a bigger file is a wrong path, not a keyring. */
    static final long MAX_BYTES = 1024 * 1024;

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> NOT_OWNER = EnumSet.complementOf(
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));

    private KeyFiles() {}

    /** Reads a key file as UTF-8, refusing missing, unreadable and oversized files with a message naming the file. */
    public static String read(Path file, String what) {
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new KeysetException(what + " file " + file + " has " + size + " bytes, more than the " + MAX_BYTES
                        + " a key file can have; is this the right file?");
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new KeysetException("there is no " + what + " file at " + file, e);
        } catch (IOException e) {
            throw new KeysetException("could not read " + what + " file " + file + " (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** Reads a key held in an environment variable, refusing an absent or blank one with a message naming the variable. */
    public static String readEnvironment(String variable, Function<String, @Nullable String> environment, String what) {
        String value = environment.apply(variable);
        if (value == null || value.isBlank()) {
            throw new KeysetException("environment variable " + variable + " is not set or is empty; it should hold the " + what);
        }
        if (value.length() > MAX_BYTES) {
            throw new KeysetException("environment variable " + variable + " is longer than a " + what + " can be");
        }
        return value;
    }

    /**
     * Judges a key file's POSIX permissions before it is loaded (requirements D4 and H5): refuses
     * it, naming the file and its permissions, when its group or other users can write it, unless
     * the policy says otherwise (then a warning names the insecure option); warns, naming the file,
     * when its group or other users have any other right on it. Where the file system has no POSIX
     * permissions there is nothing portable to check, and nothing is logged.
     *
     * @throws KeysetException when the file is writable by others and the policy refuses that
     */
    public static void checkPermissions(Path file, String what, KeyFilePolicy policy) {
        Set<PosixFilePermission> permissions = posixPermissions(file);
        if (permissions == null || Collections.disjoint(permissions, NOT_OWNER)) {
            return;
        }
        String shown = PosixFilePermissions.toString(permissions);
        boolean writable = permissions.contains(PosixFilePermission.GROUP_WRITE)
                || permissions.contains(PosixFilePermission.OTHERS_WRITE);
        if (writable && policy == KeyFilePolicy.REFUSE_WRITABLE_BY_OTHERS) {
            String named = what.isEmpty() ? what : Character.toLowerCase(what.charAt(0)) + what.substring(1);
            throw new KeysetException("refusing to load " + named + " file " + file + ": users other than its owner can"
                    + " write it (permissions " + shown + "), so they could replace its keys and forge sessions."
                    + " Restrict it to its owner (chmod 600 " + file + "), or, where that is impossible, load it with"
                    + " KeyFilePolicy.INSECURE_ALLOW_WRITABLE_BY_OTHERS");
        }
        if (writable) {
            LOG.warn("{} file {} is writable by users other than its owner (permissions {}) and is loaded only because"
                    + " KeyFilePolicy.INSECURE_ALLOW_WRITABLE_BY_OTHERS was given: whoever can write it can replace its"
                    + " keys and forge sessions. Restrict it to its owner, e.g. chmod 600 {}", what, file, shown, file);
        } else {
            String who = permissions.contains(PosixFilePermission.OTHERS_READ) ? "readable by every user of this machine"
                    : permissions.contains(PosixFilePermission.GROUP_READ) ? "readable by its group"
                    : "open to users other than its owner";
            LOG.warn("{} file {} is {} (permissions {}): key files should be readable and writable by their owner only."
                    + " Restrict it, e.g. chmod 600 {}", what, file, who, shown, file);
        }
    }

    /** The file's permissions when anyone but its owner has a right on it; empty otherwise or without POSIX permissions. */
    public static Optional<String> exposure(Path file) {
        Set<PosixFilePermission> permissions = posixPermissions(file);
        return permissions == null || Collections.disjoint(permissions, NOT_OWNER) ? Optional.empty()
                : Optional.of(PosixFilePermissions.toString(permissions));
    }

    private static @Nullable Set<PosixFilePermission> posixPermissions(Path file) {
        try {
            return Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException | IOException e) {
            // No POSIX permissions here, or no file: reading it reports the latter.
            return null;
        }
    }

    /**
     * Writes {@code content} to {@code file}, readable and writable by its owner only where the
     * file system has POSIX permissions, so that the key is never, even briefly, readable by
     * others.
     *
     * <p>A replacing write goes through a temporary file in the same directory moved into place,
     * so a crash never leaves a half-written key file where a good one was. A non-replacing write
     * creates the file exclusively, so two writers cannot both believe they created it.
     *
     * @param replace whether an existing file is replaced; when false an existing file is refused
     */
    public static void writeOwnerOnly(Path file, String content, boolean replace, String what) {
        Path target = file.toAbsolutePath();
        Path directory = target.getParent();
        if (directory == null) {
            throw new KeysetException("cannot write " + what + " file " + file + ": it has no parent directory");
        }
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        try {
            if (replace) {
                replaceOwnerOnly(directory, target, bytes);
            } else {
                createOwnerOnly(target, bytes);
            }
        } catch (FileAlreadyExistsException e) {
            throw new KeysetException("refusing to overwrite " + what + " file " + file + ": it already exists", e);
        } catch (IOException e) {
            throw new KeysetException("could not write " + what + " file " + file + " (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static void createOwnerOnly(Path target, byte[] bytes) throws IOException {
        Set<StandardOpenOption> options = EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        SeekableByteChannel channel;
        try {
            channel = Files.newByteChannel(target, options, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (UnsupportedOperationException e) {
            channel = Files.newByteChannel(target, options);
        }
        try (SeekableByteChannel out = channel) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
        }
    }

    private static void replaceOwnerOnly(Path directory, Path target, byte[] bytes) throws IOException {
        Path temporary = createOwnerOnlyTemporary(directory);
        boolean moved = false;
        try {
            Files.write(temporary, bytes);
            moveReplacing(temporary, target);
            moved = true;
        } finally {
            if (!moved) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // The write already failed and says so; a leftover owner-only temporary file is the lesser harm.
                }
            }
        }
    }

    private static Path createOwnerOnlyTemporary(Path directory) throws IOException {
        FileAttribute<Set<PosixFilePermission>> ownerOnly = PosixFilePermissions.asFileAttribute(OWNER_ONLY);
        try {
            return Files.createTempFile(directory, ".sealedsession-", ".tmp", ownerOnly);
        } catch (UnsupportedOperationException e) {
            return Files.createTempFile(directory, ".sealedsession-", ".tmp");
        }
    }

    private static void moveReplacing(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}

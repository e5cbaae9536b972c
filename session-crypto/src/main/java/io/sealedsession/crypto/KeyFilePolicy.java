package io.sealedsession.crypto;

import io.sealedsession.crypto.internal.KeyFiles;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How a key file's POSIX permissions are judged when a keyring or a key-encryption keyset is
 * loaded from it (requirement H5). Whatever the policy, a file that its group or other users may
 * read, write or execute is loaded with a warning naming the file and its permissions; the
 * policies differ on a file that others may <em>write</em>: whoever can write a key file can put
 * keys of their own in it (or an older keyring back, with a key that was retired because it
 * leaked) and forge sessions.
 *
 * <p>Files whose file system has no POSIX permissions are not judged. The parent directory is
 * not judged either: keep key files in a directory only their owner can change.
 */
public enum KeyFilePolicy {

    /**
     * The default: a file its group or other users can write is refused with a
     * {@link KeysetException} naming the file and its permissions.
     */
    REFUSE_WRITABLE_BY_OTHERS,

    /**
     * Insecure: a file its group or other users can write is loaded all the same, with a warning
     * naming the file and this option on every load. For platforms that cannot give a key file
     * owner-only permissions; fix the permissions instead wherever possible.
     */
    INSECURE_ALLOW_WRITABLE_BY_OTHERS;

    /**
     * The permissions of {@code file} when its group or other users have any right on it, such
     * as {@code rw-r-----}; empty when only its owner has, or when the file system has no POSIX
     * permissions. For tools that report on a key file before loading it.
     */
    public static Optional<String> exposure(Path file) {
        return KeyFiles.exposure(file);
    }
}

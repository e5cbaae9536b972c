package io.sealedsession.cli.serve;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The users who may sign in to the reference app, held in memory as PBKDF2 hashes only
 * (PBKDF2WithHmacSHA256, 600,000 iterations as OWASP recommends, a random 16-byte salt per user);
 * the passwords themselves are not kept.
 *
 * <p>{@link #verify} takes the same time whether the user exists or not: an unknown name is
 * checked against a decoy entry with the same work, and hashes are compared with
 * {@link MessageDigest#isEqual}. Immutable and thread-safe.
 */
final class UserDirectory {

    static final int ITERATIONS = 600_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Entry(byte[] salt, byte[] hash) {}

    private final Map<String, Entry> users;
    /** How many passwords were hashed to be checked: what a locked account must not cost. */
    private final AtomicLong checks = new AtomicLong();
    /** A salt and a hash that no password produces (random bytes), so an unknown name costs a full hash too. */
    private final Entry decoy;

    private UserDirectory(Map<String, Entry> users) {
        this.users = users;
        this.decoy = new Entry(random(SALT_BYTES), random(HASH_BITS / 8));
    }

    /**
     * Hashes the given passwords. The caller's arrays are cleared afterwards.
     *
     * @param passwords user name to password, in the order to list them
     */
    static UserDirectory hashing(Map<String, char[]> passwords) {
        Map<String, Entry> users = new LinkedHashMap<>();
        passwords.forEach((name, password) -> {
            byte[] salt = random(SALT_BYTES);
            users.put(name, new Entry(salt, hash(password, salt)));
            Arrays.fill(password, '\0');
        });
        return new UserDirectory(Collections.unmodifiableMap(users));
    }

    /** The user names, in the order given. */
    Set<String> names() {
        return users.keySet();
    }

    /** True when {@code name} is a user and {@code password} is theirs. */
    boolean verify(String name, char[] password) {
        Objects.requireNonNull(name, "name");
        Entry entry = users.get(name);
        Entry against = entry != null ? entry : decoy;
        checks.incrementAndGet();
        boolean matches = MessageDigest.isEqual(hash(password, against.salt()), against.hash());
        return matches && entry != null;
    }

    /** How many times {@link #verify} hashed a password so far. */
    long passwordChecks() {
        return checks.get();
    }

    private static byte[] hash(char[] password, byte[] salt) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, ITERATIONS, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no PBKDF2WithHmacSHA256, which every Java 17 has", e);
        } finally {
            spec.clearPassword();
        }
    }

    private static byte[] random(int bytes) {
        byte[] out = new byte[bytes];
        RANDOM.nextBytes(out);
        return out;
    }

    @Override
    public String toString() {
        return "UserDirectory[" + users.keySet() + ", PBKDF2WithHmacSHA256 x " + ITERATIONS + "]";
    }
}

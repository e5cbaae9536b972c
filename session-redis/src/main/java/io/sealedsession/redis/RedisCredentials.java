package io.sealedsession.redis;

import java.util.Objects;
import java.util.Optional;

/**
 * A user name and password for Redis's {@code AUTH}: an ACL user, or the {@code default} user when
 * there is no name. The password is copied in and out, so no caller can change what another sees;
 * {@link #toString()} never shows it. Immutable and thread-safe.
 */
public final class RedisCredentials {

    private final @org.jspecify.annotations.Nullable String username;
    private final char[] password;

    /**
     * @param username the ACL user, or null for the {@code default} user
     * @param password copied; the caller may clear its own array
     */
    public RedisCredentials(@org.jspecify.annotations.Nullable String username, char[] password) {
        Objects.requireNonNull(password, "password");
        if (username != null && username.isEmpty()) {
            throw new IllegalArgumentException("a user name is not empty; pass null for the default user");
        }
        this.username = username;
        this.password = password.clone();
    }

    /** The ACL user; empty for the {@code default} user. */
    public Optional<String> username() {
        return Optional.ofNullable(username);
    }

    /** A fresh copy of the password. */
    public char[] password() {
        return password.clone();
    }

    @Override
    public String toString() {
        return "RedisCredentials[" + (username == null ? "default user" : username) + ", password ***]";
    }
}

package io.sealedsession.redisson.internal;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;
import org.redisson.config.CredentialsResolver;
import org.redisson.config.Credentials;

/**
 * Hands Redisson the ACL user and password each time a connection logs in, instead of storing the
 * password in Redisson's {@code Config}, whose YAML and JSON export would print it.
 */
public final class ConfiguredCredentials implements CredentialsResolver {

    private final @Nullable String username;
    private final char[] password;

    /** The password array is copied. */
    public ConfiguredCredentials(@Nullable String username, char[] password) {
        this.username = username;
        this.password = password.clone();
    }

    @Override
    public CompletionStage<Credentials> resolve(InetSocketAddress address) {
        return CompletableFuture.completedFuture(new Credentials(username, new String(password)));
    }

    @Override
    public String toString() {
        return "ConfiguredCredentials[" + (username == null ? "default user" : username) + ", password ***]";
    }
}

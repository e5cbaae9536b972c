package io.sealedsession.redisson.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;
import org.redisson.config.Credentials;
import org.redisson.config.CredentialsResolver;

/**
 * Hands Redisson the data nodes' credentials, and the Sentinels' own for the Sentinels' addresses.
 *
 * <p>Redisson asks one resolver for the login of every connection, Sentinels included, and what it
 * returns wins over Redisson's separate Sentinel password; so the resolver itself must tell a
 * Sentinel from a data node, by the address being connected to. Sentinels are only those named in
 * the configuration (the executor turns Sentinel discovery off), so the set is fixed. Passwords are
 * held as arrays and become strings only for Redisson's {@code AUTH}; nothing of them reaches
 * Redisson's exportable {@code Config}.
 */
public final class TopologyCredentials implements CredentialsResolver {

    private final @Nullable String username;
    private final char @Nullable [] password;
    private final @Nullable String sentinelUsername;
    private final char @Nullable [] sentinelPassword;
    private final Set<InetSocketAddress> sentinels;

    /**
     * @param sentinels the Sentinels' addresses, resolved; empty outside Sentinel deployments
     * Arrays are copied.
     */
    public TopologyCredentials(@Nullable String username, char @Nullable [] password, @Nullable String sentinelUsername,
            char @Nullable [] sentinelPassword, Set<InetSocketAddress> sentinels) {
        this.username = username;
        this.password = password == null ? null : password.clone();
        this.sentinelUsername = sentinelUsername;
        this.sentinelPassword = sentinelPassword == null ? null : sentinelPassword.clone();
        this.sentinels = Set.copyOf(sentinels);
    }

    @Override
    public CompletionStage<Credentials> resolve(InetSocketAddress address) {
        boolean sentinel = address != null && isSentinel(address);
        char[] pw = sentinel ? sentinelPassword : password;
        String user = sentinel ? sentinelUsername : username;
        // Credentials without a password: Redisson sends no AUTH.
        return CompletableFuture.completedFuture(pw == null ? new Credentials() : new Credentials(user, new String(pw)));
    }

    private boolean isSentinel(InetSocketAddress address) {
        for (InetSocketAddress s : sentinels) {
            if (s.getPort() != address.getPort()) {
                continue;
            }
            InetAddress a = address.getAddress();
            if (a != null && s.getAddress() != null ? a.equals(s.getAddress()) : s.getHostString().equalsIgnoreCase(address.getHostString())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "TopologyCredentials[" + (username == null ? "default user" : username) + (password == null ? "" : ", password ***")
                + ", " + sentinels.size() + " Sentinels" + (sentinelPassword == null ? "" : ", Sentinel password ***") + "]";
    }
}

package io.sealedsession.cli.doctor;

import org.jspecify.annotations.Nullable;

/**
 * How doctor reached the server and what it was asked to look at.
 *
 * @param namespace the sessions' key prefix
 * @param maxKeys how many keys under the namespace to examine at most
 * @param tls whether the connection uses TLS ({@code rediss://} and its Cluster and Sentinel forms)
 * @param scheme the URI's scheme, such as {@code rediss}, for messages
 * @param host the host doctor connected to (for Cluster and Sentinel URIs, a non-loopback one if any)
 * @param user the user name doctor logged in with, or null for none (the default user)
 * @param passwordGiven whether a password was given
 * @param appUser the user whose rights to audit, or null for the connected user
 * @param expiryWatcher whether the application runs the expiry watcher, so that
 *     {@code notify-keyspace-events} matters
 */
record Target(String namespace, int maxKeys, boolean tls, String scheme, String host, @Nullable String user,
        boolean passwordGiven, @Nullable String appUser, boolean expiryWatcher) {

    Target(String namespace, int maxKeys, boolean tls, String scheme, String host, @Nullable String user,
            boolean passwordGiven, @Nullable String appUser) {
        this(namespace, maxKeys, tls, scheme, host, user, passwordGiven, appUser, false);
    }

    /** Whether doctor logged in with neither a user name nor a password, as the default user. */
    boolean anonymous() {
        return user == null && !passwordGiven;
    }
}

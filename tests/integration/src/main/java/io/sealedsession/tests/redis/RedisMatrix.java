package io.sealedsession.tests.redis;

import io.sealedsession.redis.RedisSessionStores;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The test matrix: every Redis client on the class path × every {@link RedisSetup} × every
 * {@link ServerImplementation}. Parameterized test classes take their cases from here, so that
 * a client is added by putting its adapter on the test class path (its {@code ServiceLoader}
 * provider names it) and a set-up or a server program by adding an enum constant.
 *
 * <p>Which part of the matrix runs on which server program is decided here once:
 * {@link #ALL_SERVERS} for the store contract, {@link #REDIS_ONLY} for the suites that fail
 * servers over, cut connections or count round trips (see the project's decisions).
 */
public final class RedisMatrix {

    /** Both server programs. */
    public static final Set<ServerImplementation> ALL_SERVERS = EnumSet.allOf(ServerImplementation.class);

    /** {@code redis-server} only. */
    public static final Set<ServerImplementation> REDIS_ONLY = EnumSet.of(ServerImplementation.REDIS);

    private RedisMatrix() {}

    /**
     * One client on one deployment.
     *
     * @param client the client's provider name, as an application configures it
     * @param deployment the set-up and the server program
     */
    public record Case(String client, Deployment deployment) {

        /** Checks both parts. */
        public Case {
            Objects.requireNonNull(client, "client");
            Objects.requireNonNull(deployment, "deployment");
        }

        /** The set-up. */
        public RedisSetup setup() {
            return deployment.setup();
        }

        /** The server program. */
        public ServerImplementation implementation() {
            return deployment.implementation();
        }

        /** The store of this client on this deployment, on emptied servers (see {@link RedisStoreUnderTest}). */
        public RedisStoreUnderTest open() {
            return RedisStoreUnderTest.open(deployment, client);
        }

        /** The configuration an application on this deployment writes for this client. */
        public io.sealedsession.redis.RedisStoreConfig config() {
            return deployment.config(client);
        }

        /** {@code <client> · <set-up> on <server>}, the name each case's tests run under. */
        @Override
        public String toString() {
            return client + " · " + deployment;
        }
    }

    /**
     * The client names of every Redis adapter on the class path, in the order {@code ServiceLoader}
     * finds them (the class path's order, as in an application).
     */
    public static List<String> clients() {
        List<String> names = RedisSessionStores.providerNames();
        if (names.isEmpty()) {
            throw new IllegalStateException("no Redis client provider on the class path: the matrix has no client to run");
        }
        return names;
    }

    /** Every client on every set-up on every server program in {@code servers}. */
    public static List<Case> cases(Collection<ServerImplementation> servers) {
        return cases(servers, EnumSet.allOf(RedisSetup.class));
    }

    /** Every client on each of {@code setups}, on every server program in {@code servers}. */
    public static List<Case> cases(Collection<ServerImplementation> servers, Collection<RedisSetup> setups) {
        List<Case> cases = new ArrayList<>();
        for (ServerImplementation server : EnumSet.copyOf(servers)) {
            for (RedisSetup setup : EnumSet.copyOf(setups)) {
                for (String client : clients()) {
                    cases.add(new Case(client, setup.on(server)));
                }
            }
        }
        return cases;
    }

    /** Every client on each of {@code setups}, on {@code redis-server}. */
    public static List<Case> onRedis(RedisSetup first, RedisSetup... more) {
        return cases(REDIS_ONLY, EnumSet.of(first, more));
    }

    /** Every client on each of {@code setups}, on both server programs. */
    public static List<Case> onEveryServer(RedisSetup first, RedisSetup... more) {
        return cases(ALL_SERVERS, EnumSet.of(first, more));
    }
}

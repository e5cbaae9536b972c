/**
 * The {@code redis-server} and {@code valkey-server} fixtures the project's own tests run on:
 * servers on free ports, Cluster and Sentinel set-ups, TLS material made at run time, and the test
 * matrix of clients, set-ups and server programs. Not published.
 *
 * <p>Exported: {@code io.sealedsession.tests.redis}. It brings the contract kit
 * ({@code io.sealedsession.tests.kit}) with it.
 */
module io.sealedsession.tests {
    requires transitive io.sealedsession.tests.kit;
    requires transitive io.sealedsession.redis;
    requires static org.jspecify;

    exports io.sealedsession.tests.redis;
}

package io.sealedsession.benchmarks.sidebyside;

/**
 * One way of serving a request's session, as the side-by-side run drives it. Implementations are
 * thread-safe: several threads call {@link #read} and {@link #write} at once, each on a session
 * index of its own choosing.
 */
interface Contender extends AutoCloseable {

    /** The row's name in the table. */
    String name();

    /** The client this contender runs on, for the ratio to its floor; null for a peer. */
    default String client() {
        return null;
    }

    /** True for a raw client floor. */
    default boolean floor() {
        return false;
    }

    /** False when the contender measures reads only. */
    default boolean writes() {
        return true;
    }

    /** A read-only request on session {@code i}: for a session store, find then save. */
    void read(int i);

    /** A writing request on session {@code i}: find, set the CSRF token to {@code csrf}, save. */
    void write(int i, String csrf);

    @Override
    default void close() {}
}

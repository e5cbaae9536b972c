package io.sealedsession.tests.kit;

import io.sealedsession.core.port.SessionStore;
import java.time.Duration;

/**
 * What a store supplies to the kit: the store, a way to look inside it, and, for stores that
 * measure expiry on a clock of their own, a way to let time pass.
 */
public interface StoreUnderTest extends AutoCloseable {

    SessionStore store();

    StoreInspector inspector();

    /**
     * Called after the kit has moved its {@link ManualClock} forward by {@code duration}. A store
     * that reads that clock has nothing to do (the default). A store that expires entries on its
     * own time (Redis) shortens every remaining time to live by {@code duration} instead.
     */
    default void elapse(Duration duration) {}

    /**
     * True (the default) when {@link SessionStore#replace} compares versions. A store in a mode
     * that cannot (Redis without scripting) returns false: the kit then checks the weaker contract
     * that mode documents, last writer wins, where it would check conflict detection. A deleted
     * record is never written back in either mode.
     */
    default boolean comparesVersions() {
        return true;
    }

    /** Releases the store; called after each test. */
    @Override
    default void close() throws Exception {}

    /** A store that follows the kit's clock and needs no cleaning up. */
    static StoreUnderTest of(SessionStore store, StoreInspector inspector) {
        return new StoreUnderTest() {
            @Override
            public SessionStore store() {
                return store;
            }

            @Override
            public StoreInspector inspector() {
                return inspector;
            }
        };
    }
}

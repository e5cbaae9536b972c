package io.sealedsession.core.port;

import io.sealedsession.core.SessionKey;
import java.util.List;

/**
 * What {@link SessionStore#admit} did.
 *
 * @param admitted true when the key is in the index afterwards
 * @param evicted the keys taken out of the index to make room, earliest deadline first; their
 *     records are still to be ended by the caller. Empty unless the cap evicts.
 */
public record Admission(boolean admitted, List<SessionKey> evicted) {

    /** @throws IllegalArgumentException when a refused admission names evictions */
    public Admission {
        evicted = List.copyOf(evicted);
        if (!admitted && !evicted.isEmpty()) {
            throw new IllegalArgumentException("a refused admission evicts nothing");
        }
    }

    /** Admitted without evicting anything. */
    public static Admission admittedAlone() {
        return new Admission(true, List.of());
    }

    /** Refused: the index was left as it was, pruning aside. */
    public static Admission refused() {
        return new Admission(false, List.of());
    }
}

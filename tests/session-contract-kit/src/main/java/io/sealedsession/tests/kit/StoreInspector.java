package io.sealedsession.tests.kit;

import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads everything a store holds, bypassing the store's own API: what an attacker with a full copy
 * of the store would see. The kit uses it to check that nothing readable or eternal is stored.
 */
@FunctionalInterface
public interface StoreInspector {

    /** Every item the store holds for the kit's namespace, by the name the store files it under. */
    Map<String, Item> contents();

    /**
     * One stored item.
     *
     * @param bytes its raw bytes (for a set or sorted set: its members and scores, concatenated)
     * @param ttl its remaining time to live, or null when it has none
     */
    record Item(byte[] bytes, @Nullable Duration ttl) {}
}

package io.sealedsession.crypto;

import java.util.Objects;

/**
 * What a keyring says about one of its sealing keys: metadata only, never key material.
 *
 * @param id the key's id, the one Tink writes in front of every record sealed with it. Tink's ids
 *     are unsigned 32-bit numbers held in an {@code int}; the keyring file, {@link #toString()} and
 *     every message print them unsigned ({@link Integer#toUnsignedString(int)}), so parse one
 *     typed by a person with {@link Integer#parseUnsignedInt(String)}
 * @param status whether records sealed with this key still open
 * @param primary whether new records are sealed with this key; a primary key is always
 *     {@link Status#ENABLED}
 */
public record KeyInfo(int id, Status status, boolean primary) {

    /** Whether a key still opens the records sealed with it. */
    public enum Status {
        /** Opens records sealed with it; may be (or become) the primary. */
        ENABLED,
        /** Retired: records sealed with it no longer open. The material stays in the keyring. */
        DISABLED,
        /** Retired and its material erased; only its id remains. */
        DESTROYED
    }

    /**
     * Validates the components.
     *
     * @throws NullPointerException when {@code status} is null
     */
    public KeyInfo {
        Objects.requireNonNull(status, "status");
        if (primary && status != Status.ENABLED) {
            throw new IllegalArgumentException("a primary key is ENABLED, but key " + Integer.toUnsignedString(id) + " was " + status);
        }
    }

    /** The id printed unsigned, as the keyring file has it. */
    @Override
    public String toString() {
        return "KeyInfo[id=" + Integer.toUnsignedString(id) + ", status=" + status + ", primary=" + primary + "]";
    }
}
